package org.diffncut.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.LabelPng;
import org.diffncut.io.OutputFolder;
import org.diffncut.io.OutputPlan;
import org.diffncut.io.LabelPng.Labels;

/**
 * Runs a {@link SegmentationMethod} over a {@link Dataset} and evaluates it, resumably. In the output folder:
 * <ul>
 * <li>{@code labels/<id>.png}: the prediction, 16-bit, {@value #SIDE}² (the segmenter's output resized
 * nearest-neighbour if needed). An image whose label file already exists and reads as a {@value #SIDE}² label map
 * is not segmented again; files appear atomically, so an interrupted run resumes where it stopped;</li>
 * <li>{@code gt/<id>.png}: the ground truth as evaluated (class ids, 255 ignored, centre square, {@value #SIDE}²),
 * so that {@code diffncut evaluate --pred labels --gt gt} reproduces the scores and other methods can be scored
 * the same way;</li>
 * <li>{@code scores.json} ({@link Evaluation#toJson()}) and {@code images.csv} ({@link ScoreCsv}), rewritten at
 * the end of every run over all its images, resumed or not;</li>
 * <li>{@code settings.txt}: the settings the labels were made with; a run with other settings refuses the folder,
 * so predictions of two configurations never mix.</li>
 * </ul>
 */
public final class BenchmarkRun {
	/** Side of the square on which predictions are evaluated, as in DiffSeg. */
	public static final int SIDE = 512;

	private final Dataset dataset;
	private final SegmentationMethod segmenter;
	private final Path out;
	private int limit = Integer.MAX_VALUE;
	private String settings = "";
	private Progress progress = Progress.NONE;
	private LongSupplier nanoTime = System::nanoTime;
	private Consumer<String> warnings = w -> { };
	private BooleanSupplier canceled = Cancel.NEVER;

	public BenchmarkRun(Dataset dataset, SegmentationMethod segmenter, Path out) {
		this.dataset = dataset;
		this.segmenter = segmenter;
		this.out = out;
	}

	/** Only the first {@code n} images of the dataset. */
	public BenchmarkRun limit(int n) {
		if (n < 1) throw new IllegalArgumentException("the limit must be at least 1, not " + n);
		limit = n;
		return this;
	}

	/** A description of everything that changes the labels (model, segmentation options). */
	public BenchmarkRun settings(String settings) {
		this.settings = settings.trim();
		return this;
	}

	/**
	 * Receives, after each image, the fraction of images done and a stage such as
	 * {@code "12/2175 000000000139, 8.1 s/image, 4:51:02 left"}; the pace counts only images segmented in this run.
	 */
	public BenchmarkRun progress(Progress progress) {
		this.progress = progress;
		return this;
	}

	/** The clock of the pace and time left (default {@link System#nanoTime()}). */
	BenchmarkRun clock(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		return this;
	}

	public BenchmarkRun warnings(Consumer<String> warnings) {
		this.warnings = warnings;
		return this;
	}

	/** Polled between images; a cancel keeps every finished label file. */
	public BenchmarkRun canceled(BooleanSupplier canceled) {
		this.canceled = canceled;
		return this;
	}

	/**
	 * Segments what is missing and scores every image; the output folder is locked for the run
	 * ({@link OutputFolder}), so two benchmarks never write into one folder at once.
	 */
	public Evaluation run() throws IOException {
		try (OutputFolder folder = OutputFolder.open(out)) {
			return segmentAndScore();
		}
	}

	private Evaluation segmentAndScore() throws IOException {
		Path labels = Files.createDirectories(out.resolve("labels")), truth = Files.createDirectories(out.resolve(
			"gt"));
		claim(out.resolve("settings.txt"));
		List<Sample> samples = dataset.samples().subList(0, Math.min(limit, dataset.samples().size()));
		Evaluator evaluator = new Evaluator(dataset.classes(), Dataset.IGNORE);
		int segmented = 0;
		long start = nanoTime.getAsLong();
		try (ScoreCsv csv = new ScoreCsv(out.resolve("images.csv.part"))) {
			for (int i = 0; i < samples.size(); i++) {
				Cancel.check(canceled, "benchmark");
				Sample sample = samples.get(i);
				Path file = labels.resolve(sample.id() + ".png");
				Labels prediction = existing(file);
				if (prediction == null) {
					prediction = predict(dataset, segmenter, sample);
					write(file, prediction);
					segmented++;
				}
				Labels gt = dataset.groundTruth(sample, SIDE);
				Path gtFile = truth.resolve(sample.id() + ".png");
				Labels written = existing(gtFile);
				if (written == null || !Arrays.equals(written.values, gt.values)) write(gtFile, gt);
				csv.add(evaluator.add(sample.id(), gt.values, prediction.values));
				progress.report((i + 1.0) / samples.size(), stage(i + 1, samples.size(), sample.id(), segmented,
					nanoTime.getAsLong() - start));
			}
		}
		Files.move(out.resolve("images.csv.part"), out.resolve("images.csv"), StandardCopyOption.REPLACE_EXISTING);
		Evaluation result = evaluator.result();
		Files.write(out.resolve("scores.json"), result.toJson().getBytes(StandardCharsets.UTF_8));
		return result;
	}

	static String stage(int done, int total, String id, int segmented, long nanos) {
		String stage = done + "/" + total + " " + id;
		if (segmented == 0) return stage;
		double perImage = nanos * 1e-9 / segmented;
		return stage + String.format(Locale.ROOT, ", %.1f s/image, ", perImage) +
			Progress.duration(Math.round(perImage * (total - done))) + " left";
	}

	/** The prediction for one sample as evaluated: {@value #SIDE}², ids checked. */
	public static Labels predict(Dataset dataset, SegmentationMethod segmenter, Sample sample) throws IOException {
		Labels labels = segmenter.segment(Dataset.centerSquare(dataset.image(sample)), SIDE);
		for (int v : labels.values)
			if (v < 0 || v > 0xffff) throw new IOException(sample.id() + ": the segmenter returned id " + v +
				", outside 0..65535");
		return LabelMaps.resize(labels, SIDE, SIDE);
	}

	/** The label map in {@code file} if it is a readable {@value #SIDE}² label PNG, else null (with a warning). */
	private Labels existing(Path file) {
		if (!Files.exists(file)) return null;
		try {
			Labels labels = LabelPng.read(file);
			if (labels.width == SIDE && labels.height == SIDE) return labels;
			warnings.accept(file + ": " + labels.width + "x" + labels.height + ", not " + SIDE + "x" + SIDE +
				"; made again");
		}
		catch (IOException e) {
			warnings.accept(e.getMessage() + "; made again");
		}
		return null;
	}

	private static void write(Path file, Labels labels) throws IOException {
		short[] values = new short[labels.values.length];
		for (int k = 0; k < values.length; k++) values[k] = (short) labels.values[k];
		LabelPng.write(file, values, labels.width, labels.height);
	}

	/** The text of {@code settings.txt}: the dataset and {@code settings} (see {@link #settings(String)}). */
	public static String settingsRecord(Dataset dataset, String settings) {
		return "dataset: " + dataset.name() + "\n" + settings.trim() + "\n";
	}

	/** The refusal of an output folder whose {@code settings.txt} differs. */
	public static IOException otherSettings(Object out, Object file) {
		return new IOException(out + " holds labels made with other settings (see " + file + "): choose another " +
			"--out, or delete the folder to start again");
	}

	/** Records the settings in a new folder, or checks that they match those already recorded. */
	private void claim(Path file) throws IOException {
		String wanted = settingsRecord(dataset, settings);
		if (!matches(file, wanted)) throw otherSettings(out, file);
		if (!Files.exists(file)) AtomicFile.write(file, o -> o.write(wanted.getBytes(StandardCharsets.UTF_8)));
	}

	private static boolean matches(Path file, String wanted) throws IOException {
		return !Files.exists(file) || Files.readString(file, StandardCharsets.UTF_8).equals(wanted);
	}

	/**
	 * What {@link #run} would refuse, checked before the model loads: {@code out} is not a folder one can write,
	 * another run holds it, or it holds labels made with other {@code settings}.
	 */
	public static void check(Path out, Dataset dataset, String settings) throws IOException {
		OutputPlan.checkFolder("--out " + out, out);
		try (OutputFolder folder = OutputFolder.open(out)) {
			Path file = out.resolve("settings.txt");
			if (!matches(file, settingsRecord(dataset, settings.trim()))) throw otherSettings(out, file);
		}
	}
}
