package org.diffncut.ncut;

import java.util.SplittableRandom;

/** Seeded graphs for the cut tests. */
final class TestGraphs {
	private TestGraphs() {}

	/** A dense symmetric graph with weights uniform in [0.01, 1). */
	static float[] randomSymmetric(int n, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] w = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = i; j < n; j++) {
				float v = (float) (0.01 + 0.99 * r.nextDouble());
				w[i * n + j] = v;
				w[j * n + i] = v;
			}
		return w;
	}

	static double[] rowSums(float[] w, int n) {
		double[] d = new double[n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) d[i] += w[i * n + j];
		return d;
	}

	/** P = D⁻¹W: the random walk of a symmetric graph. */
	static float[] walkOf(float[] w, int n) {
		double[] d = rowSums(w, n);
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) p[i * n + j] = (float) (w[i * n + j] / d[i]);
		return p;
	}

	/** NCut(A, V∖A) computed directly from its definition, O(n²). */
	static double ncut(float[] w, int n, boolean[] inA) {
		double cut = 0, assocA = 0, assocB = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double v = w[i * n + j];
				if (inA[i]) assocA += v;
				else assocB += v;
				if (inA[i] && !inA[j]) cut += v;
			}
		return cut / assocA + cut / assocB;
	}
}
