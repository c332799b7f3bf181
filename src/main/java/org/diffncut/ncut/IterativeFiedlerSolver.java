package org.diffncut.ncut;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fiedler vectors by iteration on mat-vecs only, never a dense decomposition of the graph.
 * <p>
 * Symmetric W: Lanczos with full re-orthogonalisation on M = D^{-1/2} W D^{-1/2}, whose top eigenvector
 * u₀ = D^{1/2}1 (eigenvalue 1) is known and projected out, so the top Ritz pair (μ, z) of the remaining space
 * gives y = D^{-1/2} z and λ = 1 − μ. Convergence: residual ‖M z − μ z‖ = |β_j s_j| ≤ tolerance. The small
 * tridiagonal problems go to {@link Tridiagonal}.
 * <p>
 * Random walk (row-stochastic P, not symmetric): the stationary π by power iteration on Pᵀ, then the second right
 * eigenvector by power iteration with one deflation, x ← L x − 1 (πᵀ x) on the lazy walk L = (P + I)/2, which
 * shares P's eigenvectors but moves eigenvalues near −1 away from the top.
 * <p>
 * Both are deterministic: the start vector comes from a fixed seed.
 */
public final class IterativeFiedlerSolver implements FiedlerSolver {
	public static final double DEFAULT_TOLERANCE = 1e-7;
	public static final int DEFAULT_MAX_ITERATIONS = 300;
	private static final long SEED = 0x5eedL;

	private final double tolerance;
	private final int maxIterations;

	public IterativeFiedlerSolver() {
		this(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
	}

	/**
	 * @param tolerance residual norm at which an eigenvector counts as converged
	 * @param maxIterations cap on mat-vecs (Lanczos also stops at n − 1, where the Krylov space is exhausted)
	 */
	public IterativeFiedlerSolver(double tolerance, int maxIterations) {
		if (!(tolerance > 0) || maxIterations < 1) throw new IllegalArgumentException("tolerance " + tolerance +
			", max iterations " + maxIterations);
		this.tolerance = tolerance;
		this.maxIterations = maxIterations;
	}

	@Override
	public FiedlerVector symmetric(MatVec w, double[] degrees) {
		int n = w.size();
		double[] scale = inverseRoots(degrees), u0 = new double[n];
		for (int i = 0; i < n; i++) u0[i] = Math.sqrt(degrees[i]);
		normalize(u0);
		if (n == 1) return new FiedlerVector(new double[] { 0 }, 0, 0, true);
		double[] t = new double[n];
		Ritz top = lanczos((q, z) -> {
			for (int i = 0; i < n; i++) t[i] = scale[i] * q[i];
			w.multiply(t, z);
			for (int i = 0; i < n; i++) z[i] *= scale[i];
		}, n, u0, randomUnit(n, u0));
		double[] y = top.vector;
		for (int i = 0; i < n; i++) y[i] *= scale[i];
		return new FiedlerVector(orient(y), 1 - top.value, top.steps, top.converged);
	}

	/**
	 * Fiedler vector of W = F Fᵀ with row sums {@code degrees}, never forming W. With G = D^{-1/2} F, the matrix
	 * M = G Gᵀ of {@link #symmetric} shares its non-zero eigenvalues with the c×c matrix Gᵀ G = Fᵀ D⁻¹ F, whose
	 * mat-vec is one pass over F ({@link FactorProducts#gram}); an eigenvector w of Gᵀ G maps to z = G w of M.
	 * Lanczos runs on Gᵀ G from Gᵀ q, q the start vector {@link #symmetric} would take, with u₀ = D^{1/2}1 mapped
	 * to Gᵀ u₀ = Fᵀ1; since K(GᵀG, Gᵀq) = Gᵀ K(GGᵀ, q), it explores the same space, and y = D^{-1/2} z.
	 */
	@Override
	public FiedlerVector factored(FactorProducts f, double[] columnSums, double[] degrees) {
		int n = f.rows(), c = f.columns();
		double[] scale = inverseRoots(degrees), u0 = columnSums.clone();
		if (n == 1) return new FiedlerVector(new double[] { 0 }, 0, 0, true);
		normalize(u0);
		double[] rootDegrees = new double[n], r = new double[n];
		for (int i = 0; i < n; i++) {
			rootDegrees[i] = Math.sqrt(degrees[i]);
			r[i] = scale[i] * scale[i];
		}
		normalize(rootDegrees);
		double[] q = randomUnit(n, rootDegrees), start = new double[c];
		for (int i = 0; i < n; i++) q[i] *= scale[i];
		f.multiplyTransposed(q, start);
		double before = Math.sqrt(dot(start, start));
		axpy(-dot(u0, start), u0, start);
		// Gᵀq within round-off of u₀: M is zero on u₀⊥ (every row of F alike, a uniform walk), every split is as
		// good as another and none is worth taking (NCut 1); q itself is then a valid Fiedler vector, with λ = 1.
		if (Math.sqrt(dot(start, start)) <= BREAKDOWN * before) return new FiedlerVector(orient(q), 1, 0, true);
		normalize(start);
		Ritz top = lanczos((x, y) -> f.gram(r, x, y), Math.min(n, c), u0, start);
		double[] y = new double[n];
		f.multiply(top.vector, y);
		double norm = 0;
		for (int i = 0; i < n; i++) norm += (y[i] * scale[i]) * (y[i] * scale[i]);
		norm = Math.sqrt(norm);
		for (int i = 0; i < n; i++) y[i] *= r[i] / norm; // D^{-1/2} z, z = G w / ‖G w‖
		return new FiedlerVector(orient(y), 1 - top.value, top.steps, top.converged);
	}

	/** The top Ritz pair of a symmetric operator on u₀⊥, and what it cost. */
	private static final class Ritz {
		final double[] vector;
		final double value;
		final int steps;
		final boolean converged;

		Ritz(double[] vector, double value, int steps, boolean converged) {
			this.vector = vector;
			this.value = value;
			this.steps = steps;
			this.converged = converged;
		}
	}

	/** y = M x for a symmetric M. */
	@FunctionalInterface
	private interface Operator {
		void apply(double[] x, double[] y);
	}

	/**
	 * Lanczos steps before the first convergence test: a Ritz pair of a smaller space can look converged while its
	 * start vector barely touches the wanted eigenvector. From then on every step is tested: the top eigenvalue of a
	 * k×k tridiagonal matrix and the last entry of its eigenvector, O(k²), small beside one pass over F_S (s·c).
	 */
	private static final int MIN_STEPS = 8;

	/** Relative size below which a start vector counts as lying in u₀'s span: float32 round-off. */
	private static final double BREAKDOWN = 1e-6;

	/**
	 * Lanczos with full re-orthogonalisation for the top eigenpair of {@code m} restricted to the complement of
	 * the unit {@code u0}, from the unit {@code start} ⊥ u0.
	 *
	 * @param rank the dimension m acts on: the Krylov space of u0⊥ is exhausted after rank − 1 steps
	 */
	private Ritz lanczos(Operator m, int rank, double[] u0, double[] start) {
		int dim = u0.length, cap = Math.min(maxIterations, Math.max(1, rank - 1));
		double[][] basis = new double[cap][];
		double[] alpha = new double[cap], beta = new double[cap];
		double[] q = start, z = new double[dim];
		double[] ritz = null;
		double mu = 0;
		boolean converged = false;
		int steps = 0;
		for (int j = 0; j < cap; j++) {
			basis[j] = q;
			steps = j + 1;
			m.apply(q, z);
			alpha[j] = dot(q, z);
			// Classical Gram-Schmidt twice against u0 and the whole basis keeps the Lanczos vectors orthogonal.
			for (int pass = 0; pass < 2; pass++) {
				axpy(-dot(u0, z), u0, z);
				for (int k = 0; k <= j; k++) axpy(-dot(basis[k], z), basis[k], z);
			}
			beta[j] = Math.sqrt(dot(z, z));
			// In exact arithmetic the Krylov space of u0⊥ is exhausted after rank − 1 steps; then the Ritz pair is exact.
			boolean exhausted = beta[j] <= 1e-13 || j + 1 >= rank - 1;
			boolean capped = j + 1 == cap;
			if (exhausted || capped || j + 1 >= MIN_STEPS) {
				double[] last = new double[j + 1]; // the test needs the Ritz vector's last entry only
				mu = Tridiagonal.top(alpha, beta, j + 1, j, last);
				converged = exhausted || Math.abs(beta[j] * last[j]) <= tolerance;
				if (converged || capped) {
					ritz = new double[j + 1];
					Tridiagonal.top(alpha, beta, j + 1, 0, ritz);
					break;
				}
			}
			q = divided(z, beta[j]);
		}
		double[] v = new double[dim];
		for (int k = 0; k < ritz.length; k++) axpy(ritz[k], basis[k], v);
		return new Ritz(v, mu, steps, converged);
	}

	/**
	 * z / d, a new array. Every loop over the dimension sits in a helper like this one, so that the JIT compiles the
	 * helpers, not this solver's loop with the whole operator inlined into it (a costly compile a short run pays for).
	 */
	private static double[] divided(double[] z, double d) {
		double[] q = new double[z.length];
		for (int i = 0; i < z.length; i++) q[i] = z[i] / d;
		return q;
	}

	/** D^{-1/2}, after checking every degree is positive. */
	private static double[] inverseRoots(double[] degrees) {
		double[] scale = new double[degrees.length];
		for (int i = 0; i < degrees.length; i++) {
			if (!(degrees[i] > 0)) throw new IllegalArgumentException("node " + i + " has degree " + degrees[i] +
				": the normalised cut needs every node connected");
			scale[i] = 1 / Math.sqrt(degrees[i]);
		}
		return scale;
	}

	@Override
	public FiedlerVector randomWalk(MatVec p, double[] stationary) {
		int n = p.size();
		double[] pi = stationary, next = new double[n];
		Arrays.fill(pi, 1.0 / n);
		int steps = 0;
		boolean converged = false;
		while (steps < maxIterations && !converged) { // π ← (Pᵀπ + π)/2
			p.multiplyTransposed(pi, next);
			double sum = 0, change = 0;
			for (int i = 0; i < n; i++) sum += next[i] += pi[i];
			for (int i = 0; i < n; i++) { // renormalised every step: float rows do not sum to 1 exactly
				double v = next[i] / sum;
				change += Math.abs(v - pi[i]);
				pi[i] = v;
			}
			converged = change <= tolerance;
			steps++;
		}
		if (n == 1) return new FiedlerVector(new double[] { 0 }, 0, steps, converged);

		double[] x = randomUnit(n, null), px = new double[n];
		deflate(x, pi);
		normalize(x);
		boolean vectorConverged = false;
		double lazyEigenvalue = 0;
		int vectorSteps = 0;
		while (vectorSteps < maxIterations && !vectorConverged) {
			p.multiply(x, px);
			for (int i = 0; i < n; i++) px[i] = 0.5 * (px[i] + x[i]);
			deflate(px, pi);
			lazyEigenvalue = dot(x, px);
			double norm = Math.sqrt(dot(px, px));
			if (norm == 0) break; // P has no second eigenvalue left (e.g. two identical rows only)
			double sign = lazyEigenvalue < 0 ? -1 : 1, change = 0;
			for (int i = 0; i < n; i++) {
				double v = sign * px[i] / norm;
				change += (v - x[i]) * (v - x[i]);
				x[i] = v;
			}
			vectorConverged = Math.sqrt(change) <= tolerance;
			vectorSteps++;
		}
		double mu = 2 * lazyEigenvalue - 1;
		return new FiedlerVector(orient(x), 1 - mu, steps + vectorSteps, converged && vectorConverged);
	}

	/** Removes the component along the top right eigenvector 1, in the π inner product: x ← x − 1 (πᵀx). */
	private static void deflate(double[] x, double[] pi) {
		double c = dot(pi, x);
		for (int i = 0; i < x.length; i++) x[i] -= c;
	}

	/** Fixes the arbitrary sign: the first node gets a non-positive value. */
	static double[] orient(double[] y) {
		if (y[0] > 0) for (int i = 0; i < y.length; i++) y[i] = -y[i];
		return y;
	}

	private static double[] randomUnit(int n, double[] orthogonalTo) {
		SplittableRandom random = new SplittableRandom(SEED + n);
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = random.nextDouble() - 0.5;
		if (orthogonalTo != null) axpy(-dot(orthogonalTo, v), orthogonalTo, v);
		normalize(v);
		return v;
	}

	static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	private static void axpy(double a, double[] x, double[] y) {
		for (int i = 0; i < x.length; i++) y[i] += a * x[i];
	}

	private static void normalize(double[] v) {
		double norm = Math.sqrt(dot(v, v));
		for (int i = 0; i < v.length; i++) v[i] /= norm;
	}
}
