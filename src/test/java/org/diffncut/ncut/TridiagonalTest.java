package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** References: the closed form of a 2×2 matrix, and EJML's general symmetric eigen-decomposition. */
class TridiagonalTest {
	@Test
	void twoByTwoHasItsClosedForm() {
		double a = 0.3, b = -1.7, c = 2.2; // [[a, b], [b, c]]
		double top = (a + c) / 2 + Math.hypot((a - c) / 2, b);
		double[] v = new double[2];
		assertEquals(top, Tridiagonal.top(new double[] { a, c }, new double[] { b }, 2, 0, v), 1e-14);
		assertEquals(0, a * v[0] + b * v[1] - top * v[0], 1e-14); // (A − λ) v = 0
		assertEquals(0, b * v[0] + c * v[1] - top * v[1], 1e-14);
		assertEquals(1, Math.hypot(v[0], v[1]), 1e-14);
	}

	@Test
	void oneByOneAndDiagonalNeedNoSweep() {
		double[] v = new double[3];
		assertEquals(-4, Tridiagonal.top(new double[] { -4 }, new double[0], 1, 0, v));
		assertEquals(1, v[0]);
		assertEquals(5, Tridiagonal.top(new double[] { 1, 5, 2 }, new double[] { 0, 0 }, 3, 0, v));
		assertArrayEquals(new double[] { 0, 1, 0 }, v);
	}

	/** Lanczos-like sizes and beyond, with only the first k entries of longer arrays in use, as Lanczos passes them. */
	@ParameterizedTest
	@ValueSource(ints = { 3, 8, 26, 80, 300 })
	void agreesWithTheGeneralDecomposition(int k) {
		SplittableRandom random = new SplittableRandom(k);
		double[] alpha = new double[k + 5], beta = new double[k + 5];
		for (int i = 0; i < alpha.length; i++) {
			alpha[i] = random.nextDouble() * 2 - 1;
			beta[i] = random.nextDouble();
		}
		beta[k / 2] = 1e-300; // a negligible coupling splits the matrix in two blocks
		double[] alphaBefore = alpha.clone(), betaBefore = beta.clone(), v = new double[k];
		double top = Tridiagonal.top(alpha, beta, k, 0, v);
		assertArrayEquals(alphaBefore, alpha);
		assertArrayEquals(betaBefore, beta);

		for (int from : new int[] { k - 1, k / 3 }) { // fewer rows give the same entries and value, bit for bit
			double[] part = new double[k];
			assertEquals(top, Tridiagonal.top(alpha, beta, k, from, part));
			assertArrayEquals(Arrays.copyOfRange(v, from, k), Arrays.copyOfRange(part, from, k));
		}

		DMatrixRMaj t = new DMatrixRMaj(k, k);
		for (int i = 0; i < k; i++) {
			t.set(i, i, alpha[i]);
			if (i + 1 < k) {
				t.set(i, i + 1, beta[i]);
				t.set(i + 1, i, beta[i]);
			}
		}
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
		eig.decompose(t.copy());
		int best = 0;
		for (int i = 1; i < k; i++)
			if (eig.getEigenvalue(i).real > eig.getEigenvalue(best).real) best = i;
		assertEquals(eig.getEigenvalue(best).real, top, 1e-12);
		DMatrixRMaj expected = eig.getEigenVector(best);
		double norm = 0, dot = 0;
		for (int i = 0; i < k; i++) {
			norm += expected.get(i) * expected.get(i);
			dot += expected.get(i) * v[i];
		}
		assertEquals(1, Math.abs(dot) / Math.sqrt(norm), 1e-10);
		for (int i = 0; i < k; i++) { // and the residual of the pair itself
			double av = alpha[i] * v[i] + (i > 0 ? beta[i - 1] * v[i - 1] : 0) + (i + 1 < k ? beta[i] * v[i + 1] : 0);
			assertEquals(top * v[i], av, 1e-12);
		}
	}
}
