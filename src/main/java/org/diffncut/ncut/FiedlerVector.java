package org.diffncut.ncut;

/**
 * The second eigenvector of a graph's random walk, the relaxed solution of the normalised cut: for a symmetric W,
 * the generalized eigenvector y of (D − W) y = λ D y with the second smallest λ (Shi & Malik 2000, eq. 6).
 * Thresholding y splits the graph.
 */
public final class FiedlerVector {
	private final double[] values;
	private final double eigenvalue;
	private final int iterations;
	private final boolean converged;

	FiedlerVector(double[] values, double eigenvalue, int iterations, boolean converged) {
		this.values = values;
		this.eigenvalue = eigenvalue;
		this.iterations = iterations;
		this.converged = converged;
	}

	/** y, one value per node (shared: do not modify). */
	public double[] values() {
		return values;
	}

	/** λ of (D − W) y = λ D y; for the random walk, 1 − μ with μ the second eigenvalue of P. */
	public double eigenvalue() {
		return eigenvalue;
	}

	/** Solver iterations (mat-vecs) spent. */
	public int iterations() {
		return iterations;
	}

	/** False when the iteration cap was hit before the tolerance was met; y is then the best estimate. */
	public boolean converged() {
		return converged;
	}
}
