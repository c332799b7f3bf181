package org.diffncut.ncut;

import java.util.Arrays;

/**
 * The top eigenpair of a symmetric tridiagonal matrix, as Lanczos needs it at every step: the implicit QL method with
 * Wilkinson shifts (the symmetric QR algorithm of Golub &amp; Van Loan, section 8.3, run from the other end, as
 * EISPACK's tql2 does), rotations accumulated into the eigenvectors. A general eigen-decomposition would first
 * reduce the matrix to the tridiagonal form it already has; this does only the QL sweeps, O(k²) each, and in a short
 * run it costs no compilations of a general library's code beside the cut's own.
 */
final class Tridiagonal {
	/** QL sweeps allowed per eigenvalue before giving up: two or three suffice in practice. */
	private static final int MAX_SWEEPS = 60;

	private Tridiagonal() {}

	/**
	 * The largest eigenvalue of the k×k symmetric tridiagonal matrix with diagonal {@code alpha[0..k)} and
	 * off-diagonal {@code beta[0..k-1)} (β_i joins rows i and i + 1), and its unit eigenvector in {@code vector}
	 * (length ≥ k; its sign is arbitrary). The arrays given are not modified.
	 */
	static double topEigenpair(double[] alpha, double[] beta, int k, double[] vector) {
		double[] d = Arrays.copyOf(alpha, k), e = new double[k];
		System.arraycopy(beta, 0, e, 0, k - 1);
		double[][] z = new double[k][k]; // z[i]: the eigenvector belonging to d[i], once the sweeps end
		for (int i = 0; i < k; i++) z[i][i] = 1;
		for (int l = 0; l < k; l++) {
			for (int sweeps = 0; ; sweeps++) {
				int m = l;
				while (m < k - 1) { // the first negligible off-diagonal entry at or after l splits the matrix there
					double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
					if (Math.abs(e[m]) + dd == dd) break;
					m++;
				}
				if (m == l) break; // d[l] is an eigenvalue
				if (sweeps == MAX_SWEEPS) throw new IllegalStateException("tridiagonal QL did not converge in " +
					MAX_SWEEPS + " sweeps (k = " + k + ")");
				sweep(d, e, z, l, m);
			}
		}
		int top = 0; // the sweeps do not order the eigenvalues
		for (int i = 1; i < k; i++)
			if (d[i] > d[top]) top = i;
		System.arraycopy(z[top], 0, vector, 0, k);
		return d[top];
	}

	/** One implicit QL sweep over the unreduced block l..m, shifted by the eigenvalue of its top 2×2 nearer d[l]. */
	private static void sweep(double[] d, double[] e, double[][] z, int l, int m) {
		double g = (d[l + 1] - d[l]) / (2 * e[l]);
		double r = Math.hypot(g, 1);
		g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
		double s = 1, c = 1, p = 0;
		for (int i = m - 1; i >= l; i--) {
			double f = s * e[i], b = c * e[i];
			r = Math.hypot(f, g);
			e[i + 1] = r;
			if (r == 0) { // deflation inside the sweep: undo the shift and let the caller look for the split again
				d[i + 1] -= p;
				e[m] = 0;
				return;
			}
			s = f / r;
			c = g / r;
			g = d[i + 1] - p;
			r = (d[i] - g) * s + 2 * c * b;
			p = s * r;
			d[i + 1] = g + p;
			g = c * r - b;
			rotate(z[i], z[i + 1], c, s);
		}
		d[l] -= p;
		e[l] = g;
		e[m] = 0;
	}

	/** (u, v) ← (c u − s v, s u + c v): the sweep's rotation applied to two eigenvector estimates. */
	private static void rotate(double[] u, double[] v, double c, double s) {
		for (int j = 0; j < u.length; j++) {
			double f = v[j];
			v[j] = s * u[j] + c * f;
			u[j] = c * u[j] - s * f;
		}
	}
}
