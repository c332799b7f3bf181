package org.diffncut.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.diffncut.attention.TransitionMatrix;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** Reference: the same products computed in double precision by plain loops. */
class AffinityGraphTest {
	private static final int H = 5, W = 6, N = H * W;
	private static final double RELATIVE = 1e-5;

	@Test
	void dotIsPkTimesItsTransposeExactlySymmetric() {
		TransitionMatrix p = randomWalk(1);
		for (int k = 1; k <= 3; k++) {
			double[][] pk = power(p, k);
			AffinityGraph g = AffinityGraph.build(p, GraphKind.DOT, k, Device.cpu());
			for (int i = 0; i < N; i++)
				for (int j = 0; j < N; j++) {
					double expected = 0;
					for (int l = 0; l < N; l++) expected += pk[i][l] * pk[j][l];
					assertEquals(expected, g.weights()[i * N + j], RELATIVE * expected, "A(" + i + "," + j + "), k = " + k);
					assertEquals(g.weights()[i * N + j], g.weights()[j * N + i], 0.0, "exactly symmetric");
				}
		}
	}

	@Test
	void cosineOfTheRowsScaledToMeanDegreeOne() {
		TransitionMatrix p = randomWalk(2);
		AffinityGraph g = AffinityGraph.build(p, GraphKind.COSINE, 2, Device.cpu());
		double[][] pk = power(p, 2);
		double[][] cos = new double[N][N];
		double total = 0;
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				cos[i][j] = Math.max(0, dot(pk[i], pk[j]) / Math.sqrt(dot(pk[i], pk[i]) * dot(pk[j], pk[j])));
				total += cos[i][j];
			}
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				double expected = cos[i][j] * N / total;
				assertEquals(expected, g.weights()[i * N + j], RELATIVE * expected);
				assertEquals(g.weights()[i * N + j], g.weights()[j * N + i], 0.0);
			}
	}

	@Test
	void walkIsPkItself() {
		TransitionMatrix p = randomWalk(3);
		assertArrayEquals(p.data(), AffinityGraph.build(p, GraphKind.WALK, 1, Device.cpu()).weights());
		double[][] p3 = power(p, 3);
		float[] w = AffinityGraph.build(p, GraphKind.WALK, 3, Device.cpu()).weights();
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) assertEquals(p3[i][j], w[i * N + j], RELATIVE * p3[i][j]);
	}

	/** Entries below Tensors.TINY count as 0 in the products (no subnormal arithmetic); P itself is not touched. */
	@Test
	void tinyEntriesAreFlushedWithoutTouchingTheInput() {
		float[] p = new float[N * N];
		for (int i = 0; i < N; i++) {
			p[i * N + i] = 1 - 1e-25f;
			p[i * N + (i + 1) % N] = 1e-25f;
		}
		float[] copy = p.clone();
		AffinityGraph g = AffinityGraph.build(TransitionMatrix.of(p, H, W), GraphKind.DOT, 1, Device.cpu());
		assertArrayEquals(copy, p);
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) assertEquals(i == j ? 1f : 0f, g.weights()[i * N + j], 0f, "A(" + i + "," + j + ")");
	}

	@Test
	void rejectsZeroSteps() {
		assertThrows(IllegalArgumentException.class, () -> AffinityGraph.build(randomWalk(4), GraphKind.DOT, 0, Device.cpu()));
	}

	@Test
	void symmetrizeAveragesBothTriangles() {
		int n = 130; // crosses tile borders
		float[] a = new float[n * n];
		for (int i = 0; i < a.length; i++) a[i] = i % 97;
		float[] original = a.clone();
		Tensors.symmetrize(a, n);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) assertEquals(0.5f * (original[i * n + j] + original[j * n + i]), a[i * n + j], 0f);
	}

	private static TransitionMatrix randomWalk(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] p = new float[N * N];
		for (int i = 0; i < N; i++) {
			double sum = 0;
			for (int j = 0; j < N; j++) sum += p[i * N + j] = (float) r.nextDouble();
			for (int j = 0; j < N; j++) p[i * N + j] /= sum;
		}
		return TransitionMatrix.of(p, H, W);
	}

	private static double[][] power(TransitionMatrix p, int k) {
		double[][] result = new double[N][N];
		for (int i = 0; i < N; i++) result[i][i] = 1;
		for (int step = 0; step < k; step++) {
			double[][] next = new double[N][N];
			for (int i = 0; i < N; i++)
				for (int l = 0; l < N; l++)
					for (int j = 0; j < N; j++) next[i][j] += result[i][l] * p.get(l, j);
			result = next;
		}
		return result;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
