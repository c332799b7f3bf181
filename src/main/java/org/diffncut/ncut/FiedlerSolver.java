package org.diffncut.ncut;

/**
 * Computes the Fiedler vector of one sub-graph. {@link IterativeFiedlerSolver} is the one to use;
 * {@link DenseFiedlerSolver} is the dense-decomposition baseline it is measured against.
 */
public interface FiedlerSolver {
	/**
	 * Fiedler vector of a symmetric W with row sums {@code degrees} (all &gt; 0).
	 *
	 * @param w symmetric weights; only {@link MatVec#multiply} is used
	 */
	FiedlerVector symmetric(MatVec w, double[] degrees);

	/**
	 * Fiedler vector of W = F Fᵀ, F the rows behind {@code f}, never forming W. The caller has the degrees from
	 * Fᵀ1 already, so it passes both instead of having a pass over F repeated.
	 *
	 * @param columnSums Fᵀ 1 (not modified)
	 * @param degrees the row sums of W, F (Fᵀ 1) (all &gt; 0)
	 */
	FiedlerVector factored(FactorProducts f, double[] columnSums, double[] degrees);

	/**
	 * Second right eigenvector of a row-stochastic P.
	 *
	 * @param p row-stochastic weights
	 * @param stationary receives π (length n), the stationary distribution
	 */
	FiedlerVector randomWalk(MatVec p, double[] stationary);
}
