package org.diffncut.graph;

import java.util.stream.IntStream;

/**
 * The O(n²) work of the graph stage on the rows of an n×n row-major matrix, in plain Java: what the CPU path does
 * without the native engine. {@link Tensors} has the device twins.
 */
final class Rows {
	private Rows() {}

	/** {@code x} with entries below {@link Tensors#TINY} flushed to zero, as the dense products see it (shared if none is). */
	static float[] flushed(float[] x) {
		int i = 0;
		while (i < x.length && !(Math.abs(x[i]) < Tensors.TINY && x[i] != 0)) i++;
		if (i == x.length) return x;
		float[] y = x.clone();
		for (; i < y.length; i++) if (Math.abs(y[i]) < Tensors.TINY) y[i] = 0f;
		return y;
	}

	/**
	 * F with F Fᵀ = the cosine graph of {@link Tensors#cosine}: the L2-normalised rows of X (flushed), times
	 * √(n / Σ_ij cos_ij), where Σ_ij cos_ij = ‖Σ_i unit_i‖². X ≥ 0, so no cosine is negative and the clamp at 0
	 * never acts.
	 */
	static float[] cosineFactor(float[] x, int n) {
		float[] f = flushed(x).clone();
		double[] sum = new double[n];
		for (int i = 0; i < n; i++) {
			int o = i * n;
			double norm = 0;
			for (int j = 0; j < n; j++) norm += (double) f[o + j] * f[o + j];
			float inverse = (float) (1 / Math.max(Math.sqrt(norm), 1e-30));
			for (int j = 0; j < n; j++) sum[j] += f[o + j] *= inverse;
		}
		double total = 0;
		for (double s : sum) total += s * s;
		float scale = (float) Math.sqrt(n / total);
		for (int i = 0; i < f.length; i++) f[i] *= scale;
		return f;
	}

	/**
	 * The mean of the rows of F (n×n) in each of the k segments: K×n, row-major. Summed in double, in blocks of
	 * {@link #COLUMNS} columns over the cores (each block adds into its own columns of the sums).
	 */
	static float[] segmentMeans(float[] f, int n, int[] labels, int k) {
		double[] sums = new double[k * n];
		int[] sizes = new int[k];
		for (int label : labels) sizes[label]++;
		IntStream.range(0, (n + COLUMNS - 1) / COLUMNS).parallel().forEach(block -> {
			int from = block * COLUMNS, to = Math.min(n, from + COLUMNS);
			for (int i = 0; i < n; i++) add(f, i * n, sums, labels[i] * n, from, to);
		});
		float[] means = new float[k * n];
		for (int s = 0; s < k; s++)
			for (int j = 0; j < n; j++) means[s * n + j] = (float) (sums[s * n + j] / sizes[s]);
		return means;
	}

	/** Columns of one block of {@link #segmentMeans}. */
	private static final int COLUMNS = 512;

	/** y[oy + j] += x[ox + j] for j in [from, to). */
	private static void add(float[] x, int ox, double[] y, int oy, int from, int to) {
		for (int j = from; j < to; j++) y[oy + j] += x[ox + j];
	}

	/**
	 * Score maps S(s, i) = f_i · m_s / ‖m_s‖ of {@link Tensors#segmentScores}: K×n, row-major. Eight rows at a time
	 * ({@link RowDots}) against each unit mean in turn, so that the rows stay in cache for all K of them.
	 */
	static float[] segmentScores(float[] f, int n, int[] labels, int k) {
		float[] means = segmentMeans(f, n, labels, k);
		float[][] unit = new float[k][n];
		for (int s = 0; s < k; s++) {
			double norm = 0;
			for (int j = 0; j < n; j++) norm += (double) means[s * n + j] * means[s * n + j];
			double inverse = 1 / Math.max(Math.sqrt(norm), 1e-30);
			for (int j = 0; j < n; j++) unit[s][j] = (float) (means[s * n + j] * inverse);
		}
		float[] scores = new float[k * n];
		IntStream.range(0, (n + RowDots.ROWS - 1) / RowDots.ROWS).parallel().forEach(block -> {
			int[] o = new int[RowDots.ROWS];
			float[] d = new float[RowDots.ROWS];
			int first = block * RowDots.ROWS, rows = RowDots.offsets(null, first, n, n, o);
			for (int s = 0; s < k; s++) {
				RowDots.dots(f, o, unit[s], n, d);
				System.arraycopy(d, 0, scores, s * n + first, rows);
			}
		});
		return scores;
	}
}
