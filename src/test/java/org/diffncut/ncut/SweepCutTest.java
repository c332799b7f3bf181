package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reference: brute force over every prefix of the Fiedler order, each NCut computed from its definition. */
class SweepCutTest {
	private static final double EXACT = 1e-9;

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 9, 30, 60 })
	void bestSplitEqualsBruteForce(int n) {
		float[] w = TestGraphs.randomSymmetric(n, 100 + n);
		double[] d = TestGraphs.rowSums(w, n);
		double[] y = randomVector(n, n);
		int[] order = SweepCut.order(y);
		double[] ncut = SweepCut.ncuts(SweepCut.cuts(w, n, d, order), d, order);
		int best = -1;
		double bestNcut = Double.POSITIVE_INFINITY;
		for (int k = 1; k < n; k++) {
			boolean[] inA = new boolean[n];
			for (int i = 0; i < k; i++) inA[order[i]] = true;
			double direct = TestGraphs.ncut(w, n, inA);
			assertEquals(direct, ncut[k], EXACT, "NCut of prefix " + k);
			if (direct < bestNcut) {
				bestNcut = direct;
				best = k;
			}
		}
		Split split = SweepCut.best(w, n, d, y, 1, SweepCut.Mode.EXACT, 0);
		assertEquals(best, split.size());
		assertEquals(bestNcut, split.ncut(), EXACT);
		double threshold = split.threshold();
		for (int i = 0; i < n; i++) assertEquals(i < best, y[order[i]] <= threshold, "threshold separates the parts");
	}

	@Test
	void minimumSizeRestrictsTheSplitPoints() {
		int n = 20;
		float[] w = TestGraphs.randomSymmetric(n, 7);
		double[] d = TestGraphs.rowSums(w, n);
		double[] y = randomVector(n, 3);
		int[] order = SweepCut.order(y);
		double[] ncut = SweepCut.ncuts(SweepCut.cuts(w, n, d, order), d, order);
		int best = 6;
		for (int k = 6; k <= 14; k++)
			if (ncut[k] < ncut[best]) best = k;
		assertEquals(best, SweepCut.best(w, n, d, y, 6, SweepCut.Mode.EXACT, 0).size());
		assertNull(SweepCut.best(w, n, d, y, 11, SweepCut.Mode.EXACT, 0), "two parts of 11 cannot come from 20 nodes");
	}

	/** Evenly spaced thresholds, as scikit-image's get_min_ncut: t in linspace(min, max, m, endpoint=False), A = {y ≤ t}. */
	@Test
	void evenThresholdsOnlyTryTheirOwnSplitPoints() {
		float[] w = new float[36];
		Arrays.fill(w, 1f);
		double[] d = TestGraphs.rowSums(w, 6);
		double[] y = { 0.0, 0.05, 0.1, 0.6, 0.95, 1.0 };
		// m = 2: thresholds 0.0 and 0.5 → |A| = 1 or 3. On the complete graph with unit weights (self-loops too),
		// NCut(|A| = k) = k(6−k)/(6k) + k(6−k)/(6(6−k)) = 1 for every k: a tie, so the first threshold wins.
		assertEquals(1, SweepCut.best(w, 6, d, y, 1, SweepCut.Mode.EVEN, 2).size());
		w[0 * 6 + 3] = w[3 * 6 + 0] = 0; // weaken {0,1,2} | {3,4,5}
		w[1 * 6 + 4] = w[4 * 6 + 1] = 0;
		d = TestGraphs.rowSums(w, 6);
		assertEquals(3, SweepCut.best(w, 6, d, y, 1, SweepCut.Mode.EVEN, 2).size());
		assertArrayEquals(new int[] { 0, 1, 2, 3, 4, 5 }, SweepCut.order(y));
	}

	/** Reference: a comparison sort of boxed indices by (y, index), on values with many ties, −0.0, 0.0 and NaN. */
	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 17, 64, 1000 })
	void orderSortsByValueThenIndex(int n) {
		SplittableRandom r = new SplittableRandom(n);
		double[] choices = { -1.5, -0.0, 0.0, 0.25, 3, Double.NaN, Double.NEGATIVE_INFINITY };
		double[] y = new double[n];
		for (int i = 0; i < n; i++) y[i] = r.nextBoolean() ? choices[r.nextInt(choices.length)] : r.nextDouble();
		int[] expected = IntStream.range(0, n).boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> y[i]).thenComparingInt(i -> i))
			.mapToInt(Integer::intValue).toArray();
		assertArrayEquals(expected, SweepCut.order(y));
	}

	private static double[] randomVector(int n, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) y[i] = r.nextDouble() - 0.5;
		return y;
	}
}
