package org.diffncut.pipeline;

import java.util.Arrays;

import org.diffncut.segmentation.LabelImage;
import org.diffncut.segmentation.LinearSumAssignment;

/**
 * Keeps segment ids consistent along a stack (z or t): each slice's segments are matched to the previous slice's
 * by the cosine similarity of their mean features ({@link Segmentation#labelFeatures()}) with the Hungarian
 * algorithm (maximum total similarity). A matched segment takes its partner's id; a segment left unmatched, or
 * matched below {@code minSimilarity}, gets a new id. Ids are never reused, so one id is one track.
 * <p>
 * Feed the slices in order, one {@link #next} per slice; not thread-safe.
 */
public final class StackLabels {
	/** The largest id a 16-bit label image holds. */
	public static final int MAX_ID = 0xffff;
	/** A match of lower cosine similarity starts a new id: a usual setting for slices of one stack. */
	public static final double DEFAULT_MIN_SIMILARITY = 0.5;

	private final double minSimilarity;
	private float[][] previous; // features of the previous slice, by label
	private int[] previousIds; // id of each label of the previous slice
	private int nextId;

	/** @param minSimilarity the cosine similarity below which a match is refused, in [−1, 1] */
	public StackLabels(double minSimilarity) {
		if (!(minSimilarity >= -1 && minSimilarity <= 1)) throw new IllegalArgumentException("minimum similarity " +
			minSimilarity + " is not in [-1, 1]");
		this.minSimilarity = minSimilarity;
	}

	/** Number of ids given so far: every id is in 0..ids()−1. */
	public int ids() {
		return nextId;
	}

	/**
	 * The labels of the next slice renumbered to stack ids (a new array; {@code labels} is not modified).
	 *
	 * @param features the mean feature of each label, {@code labels.count()} rows of one common length
	 * @throws IllegalStateException when the stack needs more than {@value #MAX_ID} + 1 ids
	 */
	public short[] next(LabelImage labels, float[][] features) {
		int count = labels.count();
		if (features.length != count) throw new IllegalArgumentException(features.length + " features for " + count +
			" labels");
		int[] ids = new int[count];
		Arrays.fill(ids, -1);
		if (previous != null && count > 0 && previous.length > 0) {
			int cols = previous.length;
			double[] similarity = new double[count * cols];
			for (int i = 0; i < count; i++)
				for (int j = 0; j < cols; j++) similarity[i * cols + j] = cosine(features[i], previous[j]);
			int[] match = LinearSumAssignment.maximize(similarity, count, cols);
			for (int i = 0; i < count; i++)
				if (match[i] >= 0 && similarity[i * cols + match[i]] >= minSimilarity) ids[i] = previousIds[match[i]];
		}
		for (int i = 0; i < count; i++)
			if (ids[i] < 0) ids[i] = nextId++;
		if (nextId > MAX_ID + 1) throw new IllegalStateException("the stack needs " + nextId + " segment ids, more " +
			"than a 16-bit label image holds: segment it without consistent labels, or with a coarser stopping rule");
		previous = features;
		previousIds = ids;

		short[] in = labels.labels(), out = new short[in.length];
		for (int p = 0; p < in.length; p++) out[p] = (short) ids[in[p] & 0xffff];
		return out;
	}

	static double cosine(float[] a, float[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("features of length " + a.length + " and " +
			b.length + ": slices must be segmented at the same working resolution");
		double dot = 0, na = 0, nb = 0;
		for (int i = 0; i < a.length; i++) {
			dot += (double) a[i] * b[i];
			na += (double) a[i] * a[i];
			nb += (double) b[i] * b[i];
		}
		return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
	}
}
