package org.diffncut.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.cli.DatasetOptionsMixin;
import org.diffncut.eval.BenchmarkRun;
import org.diffncut.eval.Dataset;
import org.diffncut.eval.Evaluation;
import org.diffncut.eval.Evaluator;
import org.diffncut.eval.Overlap;
import org.diffncut.eval.Sample;
import org.diffncut.eval.ScoreCsv;
import org.diffncut.eval.SegmentationMethod;
import org.diffncut.io.LabelPng;
import org.diffncut.io.LabelPng.Labels;
import org.diffncut.pipeline.DiffusionSegmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code benchmark}: the outputs of {@code diffncut benchmark} ({@link BenchmarkRun}) from a cluster. Each task
 * writes {@code labels/<id>.png} and {@code gt/<id>.png} and returns the image's matched and merged counts; the
 * driver adds them up in the dataset's order, so {@code scores.json} and {@code images.csv} equal the
 * single-machine ones. The dataset folder must be at the same path on every node (a shared file system).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments a benchmark dataset and scores it, as 'diffncut benchmark' does: OUT/labels/<id>.png, " +
		"OUT/gt/<id>.png, OUT/scores.json, OUT/images.csv, OUT/settings.txt, and OUT/run.csv.",
		"The dataset folder must have the same path on every node." })
final class BenchmarkJob extends Job {
	/** Options of this job that do not change the labels (beyond those of the single-machine benchmark). */
	private static final String[] NOT_SETTINGS = { "--overwrite", "--partitions" };

	@Mixin
	DatasetOptionsMixin data;

	/** The dataset, opened once per JVM. */
	private Dataset dataset;

	private synchronized Dataset dataset() throws IOException {
		if (dataset == null) dataset = data.open();
		return dataset;
	}

	@Override
	List<Item> plan() throws IOException {
		Dataset d = dataset();
		String settings = BenchmarkRun.settingsRecord(d, DatasetOptionsMixin.settings(spec, NOT_SETTINGS));
		settings(settings, false, () -> BenchmarkRun.otherSettings(out, out + "/settings.txt"));
		List<Sample> samples = d.samples();
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < data.count(samples.size()); i++)
			items.add(new Item(samples.get(i).id(), i, samples.get(i).image().toString(), out + "/labels/" +
				samples.get(i).id() + ".png"));
		return items;
	}

	/** Never: a finished image still gives its counts to the scores, so its task reads the labels back. */
	@Override
	boolean finished(Item item) {
		return false;
	}

	@Override
	Outcome process(Item item, Worker worker) throws Exception {
		long start = System.nanoTime();
		Dataset d = dataset();
		Sample sample = d.samples().get(item.index);
		Labels prediction = existing(item.output);
		Outcome outcome;
		if (prediction != null) outcome = Outcome.skipped(item.id, segments(prediction), worker.host);
		else {
			DiffusionSegmenter model = model(worker);
			SegmentationMethod segmenter = SegmentationMethod.cutting(image -> model.attention(image, attention.options(),
				Progress.NONE, Cancel.NEVER).transitions(), model.placed(cut.options()));
			Labels p = worker.call(() -> BenchmarkRun.predict(d, segmenter, sample));
			write(item.output, p);
			prediction = p;
			outcome = Outcome.done(item.id, segments(p), (System.nanoTime() - start) * 1e-9, worker.host);
		}
		Labels gt = d.groundTruth(sample, BenchmarkRun.SIDE);
		String gtFile = out + "/gt/" + item.id + ".png";
		Labels written = existing(gtFile);
		if (written == null || !Arrays.equals(written.values, gt.values)) write(gtFile, gt);
		Overlap overlap = Overlap.of(gt.values, prediction.values, d.classes(), Dataset.IGNORE);
		return outcome.counted(overlap.matched(), overlap.merged());
	}

	@Override
	void finish(List<Outcome> outcomes, PrintWriter stdout) throws IOException {
		Dataset d = dataset();
		if (outcomes.stream().anyMatch(o -> o.matched == null)) {
			stdout.println("not scored: every image must be segmented first");
			return;
		}
		Evaluator evaluator = new Evaluator(d.classes(), Dataset.IGNORE);
		ByteArrayOutputStream table = new ByteArrayOutputStream();
		try (ScoreCsv csv = new ScoreCsv(new OutputStreamWriter(table, StandardCharsets.UTF_8))) {
			for (Outcome o : outcomes) csv.add(evaluator.add(o.item, o.matched, o.merged));
		}
		Evaluation result = evaluator.result();
		files.write(out + "/images.csv", o -> table.writeTo(o));
		files.write(out + "/scores.json", o -> o.write(result.toJson().getBytes(StandardCharsets.UTF_8)));
		stdout.println(d + ", " + result.images() + " evaluated, " + out + "/scores.json");
		stdout.print(result.table());
	}

	/** The label map in {@code uri} if it is a readable {@value BenchmarkRun#SIDE}² label PNG, else null. */
	private Labels existing(String uri) throws IOException {
		if (overwrite || !files.exists(uri)) return null;
		try (InputStream in = files.open(uri)) {
			Labels labels = LabelPng.read(in, uri);
			if (labels.width == BenchmarkRun.SIDE && labels.height == BenchmarkRun.SIDE) return labels;
			System.err.println("diffncut-spark: warning: " + uri + ": " + labels.width + "x" + labels.height +
				"; made again");
		}
		catch (IOException e) {
			System.err.println("diffncut-spark: warning: " + e.getMessage() + "; made again");
		}
		return null;
	}

	private void write(String uri, Labels labels) throws IOException {
		short[] values = new short[labels.values.length];
		for (int k = 0; k < values.length; k++) values[k] = (short) labels.values[k];
		files.write(uri, o -> LabelPng.write(o, values, labels.width, labels.height));
	}

	/** The number of distinct ids. */
	private static int segments(Labels labels) {
		return (int) Arrays.stream(labels.values).distinct().count();
	}
}
