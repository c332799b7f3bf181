package org.diffncut.eval;

import org.diffncut.segmentation.LinearSumAssignment;

/**
 * The overlap histogram of one image: H(c, p) = number of valid pixels of ground-truth class c that carry predicted
 * segment id p, for C classes (rows) and P = max(C, 1 + largest predicted id) segment ids (columns). P counts the
 * predicted ids at every pixel, ignored ones included, so that empty columns exist exactly as in the evaluator of
 * PiCIE and DiffSeg ({@code _fast_hist}); they take part in the matching. A pixel is valid if its ground truth is
 * in 0..C−1 and differs from the ignore value.
 * <p>
 * Building it costs one pass over the pixels and C·P ints; keep predicted ids small (they are not compacted).
 */
public final class Overlap {
	private final int classes, segments;
	private final int[] counts; // row-major C × P
	private final long valid;

	private Overlap(int classes, int segments, int[] counts, long valid) {
		this.classes = classes;
		this.segments = segments;
		this.counts = counts;
		this.valid = valid;
	}

	/**
	 * @param groundTruth class ids per pixel (not modified)
	 * @param prediction segment ids ≥ 0 per pixel, same length (not modified)
	 * @param classes C ≥ 1
	 * @param ignore a ground-truth value that marks pixels to leave out (values outside 0..C−1 are left out too)
	 */
	public static Overlap of(int[] groundTruth, int[] prediction, int classes, int ignore) {
		if (classes < 1) throw new IllegalArgumentException("classes must be at least 1, not " + classes);
		if (groundTruth.length != prediction.length) throw new IllegalArgumentException("ground truth has " +
			groundTruth.length + " pixels, the prediction " + prediction.length);
		int maxId = -1;
		for (int p : prediction) {
			if (p < 0) throw new IllegalArgumentException("negative predicted segment id " + p);
			if (p > maxId) maxId = p;
		}
		int segments = Math.max(classes, maxId + 1);
		int[] counts = new int[classes * segments];
		long valid = 0;
		for (int k = 0; k < groundTruth.length; k++) {
			int c = groundTruth[k];
			if (c < 0 || c >= classes || c == ignore) continue;
			counts[c * segments + prediction[k]]++;
			valid++;
		}
		return new Overlap(classes, segments, counts, valid);
	}

	/** C, the number of rows. */
	public int classes() { return classes; }

	/** P = max(C, 1 + largest predicted id), the number of columns. */
	public int segments() { return segments; }

	public int count(int c, int p) { return counts[c * segments + p]; }

	/** Σ H: the number of valid pixels. */
	public long valid() { return valid; }

	/**
	 * Hungarian matching: the one-to-one map of classes to segment ids of largest total overlap, broken as scipy's
	 * {@code linear_sum_assignment(H, maximize=True)} breaks ties ({@link LinearSumAssignment}). Every class gets
	 * a segment, also a class absent from the image, and that segment may be non-empty.
	 *
	 * @return segment id per class
	 */
	public int[] hungarian() {
		double[] w = new double[counts.length];
		for (int k = 0; k < w.length; k++) w[k] = counts[k];
		return LinearSumAssignment.maximize(w, classes, segments);
	}

	/**
	 * Oracle merge: every segment id goes to the class it overlaps most, ties (and empty segments) to the lowest
	 * class id.
	 *
	 * @return class per segment id
	 */
	public int[] majorityClass() {
		int[] best = new int[segments];
		for (int p = 0; p < segments; p++) {
			int arg = 0;
			for (int c = 1; c < classes; c++) if (counts[c * segments + p] > counts[arg * segments + p]) arg = c;
			best[p] = arg;
		}
		return best;
	}

	/** Counts under the one-to-one {@link #hungarian()} matching: tp = H(c, m(c)), fn = row − tp, fp = column − tp. */
	public ClassCounts matched() {
		int[] segmentOf = hungarian();
		long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
		long[] columns = columnSums();
		for (int c = 0; c < classes; c++) {
			tp[c] = count(c, segmentOf[c]);
			fn[c] = rowSum(c) - tp[c];
			fp[c] = columns[segmentOf[c]] - tp[c];
		}
		return new ClassCounts(tp, fp, fn, valid);
	}

	/** Counts after the {@link #majorityClass() oracle merge}: class c predicted where a segment merged into c lies. */
	public ClassCounts merged() {
		int[] classOf = majorityClass();
		long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
		long[] columns = columnSums();
		for (int p = 0; p < segments; p++) {
			tp[classOf[p]] += count(classOf[p], p);
			fp[classOf[p]] += columns[p];
		}
		for (int c = 0; c < classes; c++) {
			fp[c] -= tp[c];
			fn[c] = rowSum(c) - tp[c];
		}
		return new ClassCounts(tp, fp, fn, valid);
	}

	private long rowSum(int c) {
		long sum = 0;
		for (int p = 0; p < segments; p++) sum += counts[c * segments + p];
		return sum;
	}

	private long[] columnSums() {
		long[] sums = new long[segments];
		for (int c = 0; c < classes; c++)
			for (int p = 0; p < segments; p++) sums[p] += counts[c * segments + p];
		return sums;
	}
}
