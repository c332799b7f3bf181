package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.eval.BenchmarkRun;
import org.diffncut.eval.Dataset;
import org.diffncut.eval.Evaluation;
import org.diffncut.eval.SegmentationMethod;
import org.diffncut.pipeline.DiffusionSegmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffncut benchmark}: segments every image of a benchmark dataset, resumably, and scores the result
 * ({@link BenchmarkRun}).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments a benchmark dataset and scores it: pixel accuracy, F1 and mIoU after Hungarian " +
		"matching (global, per image) and oracle merging.", "Writes OUT/labels/<id>.png, OUT/gt/<id>.png, " +
			"OUT/scores.json and OUT/images.csv. Run it again to resume: images whose label file exists are " +
			"not segmented again." })
final class BenchmarkCommand implements Callable<Integer> {
	/** Turns an image into its attention matrix with a loaded model; closing it frees the model. */
	interface AttentionSource extends AutoCloseable {
		TransitionMatrix attention(RandomAccessibleInterval<ARGBType> image, BooleanSupplier canceled)
			throws IOException;

		@Override
		void close();
	}

	/** Loads the model named by {@code --model}. */
	@FunctionalInterface
	interface AttentionSourceFactory {
		AttentionSource open(String model, Progress progress, Consumer<String> warnings) throws IOException;
	}

	@Spec
	private CommandSpec spec;

	@Mixin
	private DatasetOptionsMixin data;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (resumable).")
	private Path out;

	@Mixin
	private ModelOptionsMixin model;

	@Mixin
	private AttentionOptionsMixin attention;

	@Mixin
	private CutOptionsMixin cut;

	/** The model loader; null for the real one ({@link #load}). */
	private final AttentionSourceFactory sources;

	BenchmarkCommand() {
		this(null);
	}

	/** @param sources the model loader (tests pass a stand-in) */
	BenchmarkCommand(AttentionSourceFactory sources) {
		this.sources = sources;
	}

	/** Stable Diffusion from a folder or the Hugging Face cache (downloading what it lacks), with the attention options. */
	private AttentionSource load(String spec, Progress progress, Consumer<String> warnings) throws IOException {
		AttentionOptions options = attention.options();
		DiffusionSegmenter segmenter = DiffusionSegmenter.open(spec, model.hub.options(System.getenv()), model.device,
			options, progress, warnings);
		return new AttentionSource() {
			@Override
			public TransitionMatrix attention(RandomAccessibleInterval<ARGBType> image, BooleanSupplier canceled)
				throws IOException
			{
				return segmenter.attention(image, options, Progress.NONE, canceled).transitions();
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		Dataset dataset = data.open();
		String settings = DatasetOptionsMixin.settings(spec);
		BenchmarkRun.check(this.out, dataset, settings);
		Consumer<String> warnings = w -> err.println("diffncut: warning: " + w);
		Evaluation result;
		AttentionSource source;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			source = (sources != null ? sources : (AttentionSourceFactory) this::load).open(model.model, bar, warnings);
		}
		try (source; ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			BenchmarkRun run = new BenchmarkRun(dataset, SegmentationMethod.cutting(image -> source.attention(image,
				Cancel.NEVER), cut.options().withDevice(model.device)), this.out).settings(settings).progress(bar)
				.warnings(warnings);
			if (data.limit != null) run.limit(data.limit);
			result = run.run();
		}
		out.println(dataset + ", " + result.images() + " evaluated, " + this.out.resolve("scores.json"));
		out.print(result.table());
		out.flush();
		return 0;
	}
}
