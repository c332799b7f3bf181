package org.diffncut.eval;

/**
 * Streaming evaluation of predicted segment-id maps against ground-truth class maps, one image at a time, in the
 * three averaging modes of the unsupervised-segmentation literature (PiCIE → DiffSeg). Per image, with the
 * {@link Overlap} histogram H and its {@link Overlap#hungarian() Hungarian matching}:
 * <ul>
 * <li><b>global</b> ("traditional"): tp, fp, fn and valid pixels summed over all images, then
 * accuracy = Σtp / valid, IoU(c) = tp / (tp + fp + fn), F1(c) = 2tp / (2tp + fp + fn), mIoU and F1 = means over
 * the classes whose denominator is non-zero;</li>
 * <li><b>per image</b>: the same formulas on each image's own counts, then the plain mean over images; images
 * without a valid pixel are skipped;</li>
 * <li><b>merged</b> (oracle): each segment id takes the class it overlaps most (ties to the lowest class id), then
 * identity matching and the per-image formulas, averaged as per image.</li>
 * </ul>
 * Memory is O(C) between images. Not thread-safe.
 */
public final class Evaluator {
	private final int classes, ignore;
	private ClassCounts global;
	private int images, scored;
	private final double[] perImageSum = new double[3], mergedSum = new double[3];

	/**
	 * @param classes C: ground-truth values 0..C−1 are classes
	 * @param ignore the ground-truth value left out (besides every value outside 0..C−1), usually 255
	 */
	public Evaluator(int classes, int ignore) {
		if (classes < 1) throw new IllegalArgumentException("classes must be at least 1, not " + classes);
		this.classes = classes;
		this.ignore = ignore;
		this.global = ClassCounts.zero(classes);
	}

	public int classes() { return classes; }
	public int ignore() { return ignore; }

	/**
	 * Adds one image.
	 *
	 * @param groundTruth class ids, row-major (not modified)
	 * @param prediction segment ids ≥ 0 at the same pixels (not modified)
	 * @return this image's scores (undefined if it has no valid pixel)
	 */
	public ImageScores add(String name, int[] groundTruth, int[] prediction) {
		Overlap overlap = Overlap.of(groundTruth, prediction, classes, ignore);
		return add(name, overlap.matched(), overlap.merged());
	}

	/**
	 * Adds one image by its {@link Overlap#matched() matched} and {@link Overlap#merged() merged} counts, as
	 * {@link #add(String, int[], int[])} would from its pixels: the same scores, bit for bit.
	 */
	public ImageScores add(String name, ClassCounts matched, ClassCounts mergedCounts) {
		if (matched.classes() != classes || mergedCounts.classes() != classes) throw new IllegalArgumentException(
			name + ": counts of " + matched.classes() + " classes, not " + classes);
		Scores own = matched.scores(), merged = mergedCounts.scores();
		global = global.plus(matched);
		images++;
		if (own.isDefined()) {
			scored++;
			accumulate(perImageSum, own);
			accumulate(mergedSum, merged);
		}
		return new ImageScores(name, matched.valid(), own, merged);
	}

	public Evaluation result() {
		double[] iou = new double[classes];
		for (int c = 0; c < classes; c++) iou[c] = global.iou(c);
		return new Evaluation(images, global.scores(), mean(perImageSum), mean(mergedSum), iou);
	}

	private static void accumulate(double[] sum, Scores s) {
		sum[0] += s.accuracy();
		sum[1] += s.f1();
		sum[2] += s.miou();
	}

	private Scores mean(double[] sum) {
		return scored == 0 ? Scores.UNDEFINED : new Scores(sum[0] / scored, sum[1] / scored, sum[2] / scored);
	}
}
