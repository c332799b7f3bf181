package org.diffncut.ncut;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Baseline: a full dense symmetric eigen-decomposition (EJML) of D^{-1/2} W D^{-1/2} for every sub-graph, O(n³).
 * It reads W from the matrices it hands out as the cut's operator factory, so it costs no extra products:
 * {@code NormalizedCut.builder().solver(dense).operators(dense)}. Symmetric graphs only.
 */
public final class DenseFiedlerSolver implements FiedlerSolver, MatVec.Factory {
	private float[] matrix;
	private int n;

	@Override
	public MatVec create(float[] matrix, int n) {
		this.matrix = matrix;
		this.n = n;
		return new DenseMatVec(matrix, n);
	}

	@Override
	public FiedlerVector symmetric(MatVec w, double[] degrees) {
		if (w.size() != n) throw new IllegalStateException("use this solver as the operator factory too");
		DMatrixRMaj m = new DMatrixRMaj(n, n);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) m.data[i * n + j] = matrix[i * n + j] / Math.sqrt(degrees[i] * degrees[j]);
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
		if (!eig.decompose(m)) throw new IllegalStateException("dense eigen-decomposition failed, n = " + n);
		int top = -1, second = -1; // EJML does not order eigenvalues
		for (int i = 0; i < n; i++) {
			double v = eig.getEigenvalue(i).real;
			if (top < 0 || v > eig.getEigenvalue(top).real) {
				second = top;
				top = i;
			}
			else if (second < 0 || v > eig.getEigenvalue(second).real) second = i;
		}
		if (n == 1) return new FiedlerVector(new double[] { 0 }, 0, 0, true);
		DMatrixRMaj z = eig.getEigenVector(second);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) y[i] = z.get(i) / Math.sqrt(degrees[i]);
		return new FiedlerVector(IterativeFiedlerSolver.orient(y), 1 - eig.getEigenvalue(second).real, 0, true);
	}

	@Override
	public FiedlerVector factored(FactorProducts f, double[] columnSums, double[] degrees) {
		throw new UnsupportedOperationException("the dense baseline needs W: cut the graph's dense weights");
	}

	@Override
	public FiedlerVector randomWalk(MatVec p, double[] stationary) {
		throw new UnsupportedOperationException("the dense baseline covers symmetric graphs only");
	}
}
