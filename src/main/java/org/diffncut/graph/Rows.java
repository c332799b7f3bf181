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

	/** The mean of the rows of F (n×n) in each of the k segments: K×n, row-major. */
	static float[] segmentMeans(float[] f, int n, int[] labels, int k) {
		double[] sums = new double[k * n];
		int[] sizes = new int[k];
		for (int i = 0; i < n; i++) {
			int o = labels[i] * n, row = i * n;
			sizes[labels[i]]++;
			for (int j = 0; j < n; j++) sums[o + j] += f[row + j];
		}
		float[] means = new float[k * n];
		for (int s = 0; s < k; s++)
			for (int j = 0; j < n; j++) means[s * n + j] = (float) (sums[s * n + j] / sizes[s]);
		return means;
	}

	/** Score maps S(s, i) = f_i · m_s / ‖m_s‖ of {@link Tensors#segmentScores}: K×n, row-major. */
	static float[] segmentScores(float[] f, int n, int[] labels, int k) {
		float[] unit = segmentMeans(f, n, labels, k);
		for (int s = 0; s < k; s++) {
			double norm = 0;
			for (int j = 0; j < n; j++) norm += (double) unit[s * n + j] * unit[s * n + j];
			float inverse = (float) (1 / Math.max(Math.sqrt(norm), 1e-30));
			for (int j = 0; j < n; j++) unit[s * n + j] *= inverse;
		}
		float[] scores = new float[k * n];
		IntStream.range(0, n).parallel().forEach(i -> {
			for (int s = 0; s < k; s++) scores[s * n + i] = (float) dot(f, i * n, unit, s * n, n);
		});
		return scores;
	}

	private static double dot(float[] a, int oa, float[] b, int ob, int n) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int j = 0;
		for (; j + 3 < n; j += 4) {
			s0 += a[oa + j] * b[ob + j];
			s1 += a[oa + j + 1] * b[ob + j + 1];
			s2 += a[oa + j + 2] * b[ob + j + 2];
			s3 += a[oa + j + 3] * b[ob + j + 3];
		}
		for (; j < n; j++) s0 += a[oa + j] * b[ob + j];
		return (s0 + s1) + (s2 + s3);
	}
}
