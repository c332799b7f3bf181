package org.diffncut.ncut;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** Reference: EJML's dense symmetric eigen-decomposition of D^{-1/2} W D^{-1/2} (Shi &amp; Malik 2000, eq. 7). */
class IterativeFiedlerSolverTest {
	private static final double COSINE = 1 - 1e-6;

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 7, 40, 150, 300 })
	void lanczosMatchesTheDenseDecomposition(int n) {
		float[] w = TestGraphs.randomSymmetric(n, 17 * n);
		double[] d = TestGraphs.rowSums(w, n);
		double[] expected = denseFiedler(w, n, d);
		FiedlerVector y = new IterativeFiedlerSolver(1e-10, 1000).symmetric(new DenseMatVec(w, n), d);
		assertTrue(y.converged());
		assertTrue(Math.abs(cosine(expected, y.values())) >= COSINE, "cos " + cosine(expected, y.values()));
		assertEquals(expected[n], y.eigenvalue(), 1e-9); // λ stored after the vector
	}

	/** For a symmetric W the walk P = D⁻¹W has the same second eigenvector (right eigenvectors of P solve (D−W)y = λDy). */
	@ParameterizedTest
	@ValueSource(ints = { 5, 60 })
	void randomWalkSolverAgreesOnASymmetricGraph(int n) {
		float[] w = TestGraphs.randomSymmetric(n, 5 * n);
		// a planted structure makes the second eigenvalue dominant enough for plain power iteration
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if ((i < n / 2) != (j < n / 2)) w[i * n + j] *= 0.05f;
		double[] d = TestGraphs.rowSums(w, n);
		double[] expected = denseFiedler(w, n, d);
		double[] pi = new double[n];
		FiedlerVector y = new IterativeFiedlerSolver(1e-12, 5000).randomWalk(new DenseMatVec(TestGraphs.walkOf(w, n), n), pi);
		assertTrue(y.converged());
		assertTrue(Math.abs(cosine(expected, y.values())) >= COSINE, "cos " + cosine(expected, y.values()));
		assertEquals(expected[n], y.eigenvalue(), 1e-6);
		double volume = 0;
		for (double v : d) volume += v;
		for (int i = 0; i < n; i++) assertEquals(d[i] / volume, pi[i], 1e-6 * pi[i], "stationary π ∝ degree (P is float32)");
	}

	@Test
	void reportsTheIterationCap() {
		int n = 200;
		float[] w = TestGraphs.randomSymmetric(n, 3);
		FiedlerVector y = new IterativeFiedlerSolver(1e-14, 4).symmetric(new DenseMatVec(w, n), TestGraphs.rowSums(w, n));
		assertFalse(y.converged());
		assertEquals(4, y.iterations());
	}

	/** The DJL operator (CPU here, GPU when present) gives the same products as the Java one, to float precision. */
	@Test
	void djlOperatorEqualsDenseOperator() {
		int n = 300;
		float[] w = TestGraphs.randomSymmetric(n, 11);
		for (int i = 0; i < n; i++) w[i * n + (i * 7 + 3) % n] += 0.5f; // not symmetric any more
		double[] x = new double[n], a = new double[n], b = new double[n];
		for (int i = 0; i < n; i++) x[i] = Math.sin(i);
		try (MatVec dense = new DenseMatVec(w, n); MatVec djl = new DjlMatVec(w, n, Device.cpu())) {
			dense.multiply(x, a);
			djl.multiply(x, b);
			for (int i = 0; i < n; i++) assertEquals(a[i], b[i], 1e-4 * Math.abs(a[i]) + 1e-5);
			dense.multiplyTransposed(x, a);
			djl.multiplyTransposed(x, b);
			for (int i = 0; i < n; i++) assertEquals(a[i], b[i], 1e-4 * Math.abs(a[i]) + 1e-5);
		}
	}

	/** Returns y = D^{-1/2} z of the second largest eigenpair of D^{-1/2} W D^{-1/2}, with λ = 1 − μ appended. */
	static double[] denseFiedler(float[] w, int n, double[] d) {
		DMatrixRMaj m = new DMatrixRMaj(n, n);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) m.set(i, j, w[i * n + j] / Math.sqrt(d[i] * d[j]));
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
		assertTrue(DecompositionFactory_DDRM.decomposeSafe(eig, m));
		Integer[] idx = new Integer[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		Arrays.sort(idx, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
		DMatrixRMaj z = eig.getEigenVector(idx[1]);
		double[] y = new double[n + 1];
		for (int i = 0; i < n; i++) y[i] = z.get(i) / Math.sqrt(d[i]);
		y[n] = 1 - eig.getEigenvalue(idx[1]).real;
		return y;
	}

	private static double cosine(double[] a, double[] b) {
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < b.length; i++) {
			ab += a[i] * b[i];
			aa += a[i] * a[i];
			bb += b[i] * b[i];
		}
		return ab / Math.sqrt(aa * bb);
	}
}
