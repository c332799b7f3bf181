package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
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
import org.diffncut.image.Window;
import org.diffncut.io.LabelPng.Labels;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.AttentionCut;
import org.diffncut.segmentation.LabelImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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

	/** The datasets, by their command-line names. */
	enum Kind {
		COCO27, CITYSCAPES, ADE20K;

		static final class Converter implements ITypeConverter<Kind> {
			@Override
			public Kind convert(String value) {
				try {
					return Kind.valueOf(value.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException e) {
					throw new TypeConversionException("unknown dataset '" + value +
						"': use coco27, cityscapes or ade20k");
				}
			}
		}
	}

	/** Options that do not change the labels, so they stay out of OUT/settings.txt. */
	private static final Set<String> NOT_SETTINGS = Set.of("--root", "--out", "--limit", "--coco-list",
		"--coco-fine-to-coarse", "--help", "--version");

	@Spec
	private CommandSpec spec;

	@Option(names = "--dataset", required = true, paramLabel = "coco27|cityscapes|ade20k",
		converter = Kind.Converter.class, description = "COCO-Stuff-27 (curated 2175 images), Cityscapes-27 " +
			"(500 val images) or ADE20K-150 (2000 val images).")
	private Kind dataset;

	@Option(names = "--root", required = true, paramLabel = "DIR", description = { "The dataset folder:",
		"  coco27: val2017/<id>.jpg, stuffthingmaps_trainval2017/val2017/<id>.png",
		"  cityscapes: leftImg8bit/val/<city>/*_leftImg8bit.png, gtFine/val/<city>/*_gtFine_labelIds.png",
		"  ade20k: ADEChallengeData2016 (images/validation, annotations/validation) or its parent" })
	private Path root;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (resumable).")
	private Path out;

	@Option(names = "--limit", paramLabel = "n", description = "Only the first n images.")
	private Integer limit;

	@Option(names = "--coco-list", paramLabel = "FILE", description = "coco27: the image ids to evaluate. " +
		"Default: ROOT/Coco164kFull_Stuff_Coarse_7.txt.")
	private Path cocoList;

	@Option(names = "--coco-fine-to-coarse", paramLabel = "FILE", description = "coco27: CSV with columns fine_id " +
		"and coarse_id mapping the 182 COCO-Stuff ids to the 27 classes. Default: ROOT/fine_to_coarse.csv.")
	private Path cocoFineToCoarse;

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
		Dataset data = openDataset();
		Consumer<String> warnings = w -> err.println("diffncut: warning: " + w);
		Evaluation result;
		AttentionSource source;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			source = (sources != null ? sources : (AttentionSourceFactory) this::load).open(model.model, bar, warnings);
		}
		try (source; ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			BenchmarkRun run = new BenchmarkRun(data, segmenter(source), this.out).settings(settings()).progress(bar)
				.warnings(warnings);
			if (limit != null) run.limit(limit);
			result = run.run();
		}
		out.println(data + ", " + result.images() + " evaluated, " + this.out.resolve("scores.json"));
		out.print(result.table());
		out.flush();
		return 0;
	}

	private SegmentationMethod segmenter(AttentionSource source) {
		return (image, side) -> {
			TransitionMatrix p = source.attention(image, Cancel.NEVER);
			LabelImage labels = AttentionCut.segment(p, Window.full(side, side), side, side, cut.options().withDevice(model.device),
				Progress.NONE, Cancel.NEVER).labels();
			int[] ids = new int[labels.labels().length];
			for (int k = 0; k < ids.length; k++) ids[k] = labels.labels()[k] & 0xffff;
			return new Labels(side, side, ids);
		};
	}

	private Dataset openDataset() throws IOException {
		switch (dataset) {
			case COCO27:
				return Dataset.cocoStuff27(root, cocoList != null ? cocoList : root.resolve(
					"Coco164kFull_Stuff_Coarse_7.txt"), cocoFineToCoarse != null ? cocoFineToCoarse : root.resolve(
						"fine_to_coarse.csv"));
			case CITYSCAPES:
				return Dataset.cityscapes27(root);
			default:
				return Dataset.ade20k150(root);
		}
	}

	/** Every option that changes the labels, as sorted {@code --name=value} lines, values as written or default. */
	private String settings() {
		TreeMap<String, String> lines = new TreeMap<>();
		for (OptionSpec o : spec.options())
			if (!NOT_SETTINGS.contains(o.longestName())) lines.put(o.longestName(), o.stringValues().isEmpty() ?
				String.valueOf(o.defaultValue()) : String.join(",", o.stringValues()));
		StringBuilder s = new StringBuilder();
		lines.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
		return s.toString();
	}
}
