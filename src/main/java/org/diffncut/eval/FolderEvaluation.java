package org.diffncut.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Progress;
import org.diffncut.io.LabelPng;
import org.diffncut.io.LabelPng.Labels;

/**
 * Evaluates a folder of predicted label PNGs against a folder of ground-truth label PNGs with the same file names
 * (8- or 16-bit grayscale). A prediction whose size differs from its ground truth is resized nearest-neighbour to
 * it ({@link LabelMaps}), with a warning. Images stream through an {@link Evaluator} one pair at a time, decoded
 * ahead by a small pool, so memory stays at a few label maps whatever the number of images.
 */
public final class FolderEvaluation {
	private final Path predictions, groundTruth;
	private final int classes, ignore;
	private Consumer<String> warnings = w -> { };
	private Consumer<ImageScores> perImage = s -> { };
	private Progress progress = Progress.NONE;
	private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	public FolderEvaluation(Path predictions, Path groundTruth, int classes, int ignore) {
		this.predictions = predictions;
		this.groundTruth = groundTruth;
		this.classes = classes;
		this.ignore = ignore;
	}

	/** Receives one-line warnings (size mismatch, ground truth without prediction). */
	public FolderEvaluation warnings(Consumer<String> warnings) {
		this.warnings = warnings;
		return this;
	}

	/** Receives each image's scores, in file-name order. */
	public FolderEvaluation perImage(Consumer<ImageScores> perImage) {
		this.perImage = perImage;
		return this;
	}

	public FolderEvaluation progress(Progress progress) {
		this.progress = progress;
		return this;
	}

	/** Decoding threads (default: the number of cores, at most 4). */
	public FolderEvaluation threads(int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
		this.threads = threads;
		return this;
	}

	/**
	 * @throws IOException if a folder is missing or has no PNG, a prediction has no same-named ground truth, or a
	 *         file is not a single-band 8- or 16-bit label image; the message names the file and the fix
	 */
	public Evaluation run() throws IOException {
		List<String> names = pngNames(predictions, "--pred");
		if (names.isEmpty()) throw new IOException(predictions + ": no .png label images to evaluate");
		List<String> missing = names.stream().filter(n -> !Files.isRegularFile(groundTruth.resolve(n)))
			.collect(Collectors.toList());
		if (!missing.isEmpty()) throw new IOException("no ground truth " + groundTruth.resolve(missing.get(0)) +
			" for prediction " + missing.get(0) + (missing.size() > 1 ? " (nor for " + (missing.size() - 1) +
				" other predictions)" : "") + ": predictions and ground truth must have the same file names");
		Set<String> predicted = new HashSet<>(names);
		long unmatched = pngNames(groundTruth, "--gt").stream().filter(n -> !predicted.contains(n)).count();
		if (unmatched > 0) warnings.accept(unmatched + " ground-truth file(s) in " + groundTruth +
			" have no prediction and are not evaluated");

		Evaluator evaluator = new Evaluator(classes, ignore);
		int[] resized = { 0 }, done = { 0 };
		try (OrderedPool<Pair> pool = new OrderedPool<>(threads)) {
			pool.forEachInOrder(names, this::read, pair -> {
				if (pair.resizedFrom != null && resized[0]++ == 0) warnings.accept(pair.name + ": prediction " +
					pair.resizedFrom + " resized nearest-neighbour to the ground truth's " + pair.gt.width + "x" +
					pair.gt.height);
				perImage.accept(evaluator.add(pair.name, pair.gt.values, pair.prediction.values));
				progress.report((double) ++done[0] / names.size(), "evaluate");
			});
		}
		catch (UncheckedIOException e) { // from the consumers
			throw e.getCause();
		}
		if (resized[0] > 1) warnings.accept(resized[0] + " predictions differ in size from their ground truth " +
			"and were resized nearest-neighbour");
		return evaluator.result();
	}

	private Pair read(String name) {
		try {
			Labels gt = LabelPng.read(groundTruth.resolve(name));
			Labels prediction = LabelPng.read(predictions.resolve(name));
			String from = null;
			if (prediction.width != gt.width || prediction.height != gt.height) {
				from = prediction.width + "x" + prediction.height;
				prediction = LabelMaps.resize(prediction, gt.width, gt.height);
			}
			return new Pair(name, gt, prediction, from);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static final class Pair {
		final String name;
		final Labels gt, prediction;
		final String resizedFrom;

		Pair(String name, Labels gt, Labels prediction, String resizedFrom) {
			this.name = name;
			this.gt = gt;
			this.prediction = prediction;
			this.resizedFrom = resizedFrom;
		}
	}

	/** The names of the .png files directly inside {@code dir}, sorted. */
	static List<String> pngNames(Path dir, String option) throws IOException {
		if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder (" + option + ")");
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
				.filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".png") && !n.startsWith(".")).sorted()
				.collect(Collectors.toCollection(ArrayList::new));
		}
	}
}
