package org.diffncut.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.cli.AttentionOptionsMixin;
import org.diffncut.cli.CutOptionsMixin;
import org.diffncut.cli.DiffNCut;
import org.diffncut.cli.ModelOptionsMixin;
import org.diffncut.pipeline.DiffusionSegmenter;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A job over many items (images, cases): the driver plans the items and checks the inputs, each worker task
 * processes items with the model its JVM holds, and the driver gathers what became of each into {@value #RUN_TABLE}.
 * Workers get the job by parsing its command line again, so that every option means the same there. An item that
 * fails is recorded with its error and the others go on; finished outputs are skipped unless {@code --overwrite}.
 */
abstract class Job implements Callable<Integer> {
	/** The run table in the output folder: one row per item ({@link Outcome#HEADER}). */
	static final String RUN_TABLE = "run.csv";

	/** Jobs parsed on this worker, by command line. */
	private static final Map<List<String>, Job> PARSED = new ConcurrentHashMap<>();

	@Spec
	CommandSpec spec;

	@ParentCommand
	SparkMain main;

	@Option(names = "--out", required = true, paramLabel = "DIR",
		description = "Output folder: a path or URI (file://, hdfs://, s3a://) that every node can write.")
	String out;

	@Option(names = "--overwrite",
		description = "Process items whose outputs exist again (default: skip them, so a job submitted again resumes).")
	boolean overwrite;

	@Option(names = "--partitions", paramLabel = "n",
		description = "Tasks to split the items into. Default: one task per item.")
	Integer partitions;

	@Mixin
	ModelOptionsMixin model;

	@Mixin
	AttentionOptionsMixin attention;

	@Mixin
	CutOptionsMixin cut;

	/** The file systems, with the driver's Hadoop configuration (set on the driver and on each worker). */
	HadoopFiles files;

	/** Driver: the items, after checking the inputs ({@link #out} is qualified by then). */
	abstract List<Item> plan() throws IOException;

	/**
	 * Driver: whether an item needs no task because its output exists (by default, when its file does);
	 * {@link #process} decides for the others.
	 */
	boolean finished(Item item) throws IOException {
		return files.exists(item.output);
	}

	/** Worker: processes one item and says what became of it; throws if it fails. */
	abstract Outcome process(Item item, Worker worker) throws Exception;

	/** Driver: after every item, the job's own outputs (e.g. scores); the outcomes are in plan order. */
	void finish(List<Outcome> outcomes, PrintWriter stdout) throws IOException {}

	/** Whether the items are volumes: the run table then has their slices ({@link Outcome#VOLUME_HEADER}). */
	boolean volumes() {
		return false;
	}

	/** The attention options the items are segmented with (by default, as given). */
	AttentionOptions attentionOptions() {
		return attention.options();
	}

	/**
	 * Driver: records {@code settings} in {@code OUT/settings.txt}, or checks them against those recorded there.
	 *
	 * @param replace record them even if other settings are recorded
	 * @param other the error if the folder holds outputs made with other settings and not {@code replace}
	 */
	void settings(String settings, boolean replace, Supplier<IOException> other) throws IOException {
		String record = out + "/settings.txt";
		if (files.exists(record) && !replace) {
			try (InputStream in = files.open(record)) {
				if (!new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(settings)) throw other.get();
			}
		}
		else files.write(record, o -> o.write(settings.getBytes(StandardCharsets.UTF_8)));
	}

	/** Worker: the model this JVM holds for the job's options and the task's device. */
	DiffusionSegmenter model(Worker worker) throws Models.LoadFailure {
		return Models.get(model.key() + "@" + worker.gpu, () -> model.load(attentionOptions(), worker.gpu,
			w -> System.err.println("diffncut-spark: warning: " + w)));
	}

	@Override
	public Integer call() throws Exception {
		PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		JavaSparkContext sc = main.spark();
		files = new HadoopFiles(sc.hadoopConfiguration());
		out = files.qualify(out);
		List<Item> items = plan();
		List<Outcome> outcomes = new ArrayList<>();
		List<Item> todo = new ArrayList<>();
		for (Item item : items) {
			if (!overwrite && finished(item)) outcomes.add(Outcome.skipped(item.id, -1, ""));
			else todo.add(item);
		}
		err.println("diffncut-spark: " + items.size() + " items, " + todo.size() + " to do, " + (items.size() -
			todo.size()) + " already done");
		if (!todo.isEmpty()) outcomes.addAll(runTasks(sc, todo, err));
		Map<String, Outcome> byItem = new HashMap<>();
		for (Outcome o : outcomes) byItem.put(o.item, o);
		outcomes.clear();
		for (Item item : items) outcomes.add(byItem.get(item.id));
		writeRunTable(outcomes);

		long failed = outcomes.stream().filter(o -> o.status == Outcome.Status.FAILED).count();
		long done = outcomes.stream().filter(o -> o.status == Outcome.Status.DONE).count();
		outcomes.stream().filter(o -> o.modelFailed).findFirst().ifPresent(o -> err.println(
			"diffncut-spark: the workers could not load the model '" + model.model() + "' (" + o.error + ", on " +
				o.host + "): give every node the model folder at the same path, or a repository id in a shared " +
				"Hugging Face cache"));
		finish(outcomes, stdout);
		stdout.println(done + " done, " + (outcomes.size() - done - failed) + " skipped, " + failed + " failed: " +
			out + "/" + RUN_TABLE);
		stdout.flush();
		if (failed > 0) {
			err.println("diffncut-spark: " + failed + " of " + outcomes.size() + " items failed (see " + out + "/" +
				RUN_TABLE + "); run the job again to retry them, finished items are skipped");
			return 1;
		}
		return 0;
	}

	private List<Outcome> runTasks(JavaSparkContext sc, List<Item> todo, PrintWriter err) {
		String[] args = forWorkers(spec, spec.commandLine().getParseResult().originalArgs(), out).toArray(new String[0]);
		HadoopFiles f = files;
		LongAccumulator processed = sc.sc().longAccumulator("diffncut items");
		ProgressLog progress = new ProgressLog(err, todo.size(), processed);
		sc.sc().addSparkListener(progress);
		try {
			int n = partitions != null ? Math.max(1, Math.min(partitions, todo.size())) : todo.size();
			List<Outcome> outcomes = sc.parallelize(todo, n).mapPartitions(it -> work(args, f, processed, it))
				.collect();
			progress.report();
			return outcomes;
		}
		finally {
			sc.sc().removeSparkListener(progress);
		}
	}

	/**
	 * The command line the workers parse: {@code args}, the driver's, with each local path made absolute (every
	 * {@code Path} option of {@code job}, and {@code --model} when it names a folder here) and {@code --out} replaced
	 * by the driver's qualified {@code out}, because an executor's working folder is not the driver's.
	 */
	static List<String> forWorkers(CommandSpec job, List<String> args, String out) {
		List<String> result = new ArrayList<>(args);
		for (int i = 0; i < result.size(); i++) {
			String arg = result.get(i);
			int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
			OptionSpec option = job.findOption(eq > 0 ? arg.substring(0, eq) : arg);
			if (option == null || option.arity().max() == 0) continue;
			UnaryOperator<String> fix;
			if (option.longestName().equals("--out")) fix = v -> out;
			else if (option.type() == Path.class) fix = v -> Paths.get(v).toAbsolutePath().toString();
			else if (option.longestName().equals("--model")) fix = v -> Files.isDirectory(Paths.get(v)) ?
				Paths.get(v).toAbsolutePath().toString() : v;
			else continue;
			if (eq > 0) result.set(i, arg.substring(0, eq + 1) + fix.apply(arg.substring(eq + 1)));
			else if (i + 1 < result.size()) result.set(i + 1, fix.apply(result.get(++i)));
		}
		return result;
	}

	/** Worker: one task's items. */
	private static Iterator<Outcome> work(String[] args, HadoopFiles files, LongAccumulator processed,
		Iterator<Item> items)
	{
		Job job = PARSED.computeIfAbsent(Arrays.asList(args), a -> {
			CommandLine cli = DiffNCut.commandLine(new SparkMain(null));
			Job j = (Job) cli.parseArgs(args).subcommand().commandSpec().userObject();
			j.files = files;
			return j;
		});
		List<Outcome> outcomes = new ArrayList<>();
		while (items.hasNext()) {
			Item item = items.next();
			Outcome o;
			try {
				o = job.process(item, Worker.current());
			}
			catch (Models.LoadFailure e) {
				o = Outcome.failed(item.id, Worker.host(), e.getMessage(), true);
			}
			catch (Exception | OutOfMemoryError e) {
				System.err.println("diffncut-spark: " + item.id + ": " + DiffNCut.describe(e));
				o = Outcome.failed(item.id, Worker.host(), DiffNCut.describe(e), false);
			}
			outcomes.add(o);
			processed.add(1);
		}
		return outcomes.iterator();
	}

	private void writeRunTable(List<Outcome> outcomes) throws IOException {
		StringBuilder table = new StringBuilder(volumes() ? Outcome.VOLUME_HEADER : Outcome.HEADER).append('\n');
		for (Outcome o : outcomes) table.append(o.row(volumes())).append('\n');
		files.write(out + "/" + RUN_TABLE, s -> s.write(table.toString().getBytes(StandardCharsets.UTF_8)));
	}
}
