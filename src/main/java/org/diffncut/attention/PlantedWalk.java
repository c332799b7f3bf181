package org.diffncut.attention;

import java.util.SplittableRandom;

/**
 * Attention with planted regions, for benchmarks and the cut's warm-up: a random walk on an h×w grid with
 * P(i, j) ∝ exp(−d²/2σ²) · (1 if cells i and j share a region, else {@code across}) · (1 + u/2), d the grid distance
 * of the two cells and u uniform in [0, 1), each row normalised.
 */
public final class PlantedWalk {
	private PlantedWalk() {}

	/**
	 * @param region the region of each cell, row-major
	 * @param sigma the falloff with distance, in cells (infinite: none)
	 * @param random the source of the jitter u, drawn row by row
	 */
	public static TransitionMatrix of(int h, int w, int[] region, double sigma, double across, SplittableRandom random) {
		int n = h * w;
		double[] gauss = new double[Math.max(h, w)]; // exp(−d²/2σ²) = exp(−dy²/2σ²) exp(−dx²/2σ²): no exp per entry
		for (int d = 0; d < gauss.length; d++) gauss[d] = Math.exp(-d * d / (2 * sigma * sigma));
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			int yi = i / w, xi = i % w;
			double sum = 0;
			for (int j = 0; j < n; j++) {
				double v = gauss[Math.abs(yi - j / w)] * gauss[Math.abs(xi - j % w)] *
					(region[i] == region[j] ? 1 : across) * (1 + 0.5 * random.nextDouble());
				p[i * n + j] = (float) v;
				sum += v;
			}
			for (int j = 0; j < n; j++) p[i * n + j] = (float) (p[i * n + j] / sum);
		}
		return TransitionMatrix.of(p, h, w);
	}
}
