package org.diffncut.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The dense N×N products of the graph stage on the DJL PyTorch engine, on the device asked for: a 4096² product
 * takes about half a second on two CPU cores there, against 15–27 s in EJML. {@link Rows} has the plain-Java
 * twins of the O(n²) ones. Inputs and outputs are plain row-major
 * float arrays; every NDArray lives in a manager closed before the method returns.
 */
final class Tensors {
	/**
	 * Entries below this are flushed to zero before a product: any two that survive multiply to a normal float.
	 * Subnormal intermediates slow x86 arithmetic five-fold here (2.1 s against 0.44 s for a 4096² Gram matrix
	 * of a smooth walk), and PyTorch through DJL cannot switch on flush-to-zero. On rows summing to 1 the change
	 * is at most n · 1.1e-19, far below float32 rounding.
	 */
	static final float TINY = 1.1e-19f;

	private Tensors() {}

	/** An n×n array on {@code m}'s device, tiny entries flushed (the caller's array is not modified). */
	private static NDArray matrix(NDManager m, float[] x, int n) {
		float[] flushed = new float[x.length];
		for (int i = 0; i < x.length; i++) flushed[i] = Math.abs(x[i]) < TINY ? 0f : x[i];
		return m.create(flushed, new Shape(n, n));
	}

	/** Xᵏ for a square n×n X, k ≥ 1. */
	static float[] power(float[] x, int n, int k, Device device) {
		if (k == 1) return x;
		try (NDManager m = NDManager.newBaseManager(device)) {
			NDArray base = matrix(m, x, n);
			NDArray result = base;
			for (int i = 1; i < k; i++) {
				NDArray next = result.matMul(base);
				if (result != base) result.close(); // keep only what the next step needs
				result = next;
			}
			return result.toFloatArray();
		}
	}

	/** X Xᵀ for an n×n X, symmetrised exactly (GEMM may round its two triangles differently). */
	static float[] gram(float[] x, int n, Device device) {
		try (NDManager m = NDManager.newBaseManager(device)) {
			NDArray a = matrix(m, x, n);
			return symmetrize(a.matMul(a.transpose()).toFloatArray(), n);
		}
	}

	/**
	 * (A + Aᵀ)/2 in place, tiny entries flushed as in {@link #matrix}, tile by tile so that both triangles stay in
	 * cache: cheaper than a transposed copy on the device, which costs a quarter of the GEMM on the CPU. The cut's
	 * mat-vecs then meet no subnormal weights either.
	 */
	static float[] symmetrize(float[] a, int n) {
		final int tile = 64;
		for (int bi = 0; bi < n; bi += tile)
			for (int bj = bi; bj < n; bj += tile)
				for (int i = bi, iEnd = Math.min(n, bi + tile); i < iEnd; i++)
					for (int j = Math.max(bj, i + 1), jEnd = Math.min(n, bj + tile); j < jEnd; j++) {
						float v = 0.5f * (a[i * n + j] + a[j * n + i]);
						if (Math.abs(v) < TINY) v = 0f;
						a[i * n + j] = v;
						a[j * n + i] = v;
					}
		return a;
	}

	/**
	 * Cosine similarity of the rows of X, clamped at 0, symmetric, scaled by one factor so that the mean row sum
	 * is 1 (NCut does not see the factor; the MAN-C bound does, see {@link AffinityGraph}).
	 */
	static float[] cosine(float[] x, int n, Device device) {
		try (NDManager m = NDManager.newBaseManager(device)) {
			NDArray a = matrix(m, x, n);
			NDArray norms = a.square().sum(new int[] { 1 }, true).sqrt().maximum(1e-30f);
			NDArray unit = a.div(norms);
			NDArray cos = unit.matMul(unit.transpose()).maximum(0f);
			return symmetrize(cos.mul(n / cos.sum().getFloat()).toFloatArray(), n);
		}
	}

	/**
	 * Score maps for K segments: S(s, i) = f_i · m_s / ‖m_s‖, where f_i is row i of F (n×n) and m_s the mean of
	 * the rows of F labelled s. Returns K×n, row-major.
	 */
	static float[] segmentScores(float[] f, int n, int[] labels, int k, Device device) {
		try (NDManager m = NDManager.newBaseManager(device)) {
			NDArray features = matrix(m, f, n);
			NDArray means = segmentMeans(m, features, labels, k);
			NDArray unit = means.div(means.square().sum(new int[] { 1 }, true).sqrt().maximum(1e-30f));
			return unit.matMul(features.transpose()).toFloatArray(); // K×n
		}
	}

	/** The mean of the rows of F (n×n) in each of the k segments: K×n, row-major. */
	static float[] segmentMeans(float[] f, int n, int[] labels, int k, Device device) {
		try (NDManager m = NDManager.newBaseManager(device)) {
			return segmentMeans(m, matrix(m, f, n), labels, k).toFloatArray();
		}
	}

	private static NDArray segmentMeans(NDManager m, NDArray features, int[] labels, int k) {
		int n = labels.length;
		float[] membership = new float[k * n]; // K×n, row s = indicator of segment s / |s|
		int[] sizes = new int[k];
		for (int label : labels) sizes[label]++;
		for (int i = 0; i < n; i++) membership[labels[i] * n + i] = 1f / sizes[labels[i]];
		return m.create(membership, new Shape(k, n)).matMul(features);
	}
}
