package org.diffncut.ncut;

import java.util.Arrays;

/**
 * The top eigenpair of a symmetric tridiagonal matrix, as Lanczos needs it: the implicit QL method with Wilkinson
 * shifts (the symmetric QR algorithm of Golub &amp; Van Loan, section 8.3, run from the other end, as EISPACK's tql2
 * does). A general eigen-decomposition would first reduce the matrix to the tridiagonal form it already has and
 * compute every eigenvector; this does only the QL sweeps, about 2k of O(k) each, and applies their rotations to the
 * rows of the eigenvector matrix that are asked for. In a short run it also costs no compilations of a general
 * library's code beside the cut's own.
 */
final class Tridiagonal {
	/** QL sweeps allowed per eigenvalue before giving up: two or three suffice in practice. */
	private static final int MAX_SWEEPS = 60;

	private Tridiagonal() {}

	/**
	 * The largest eigenvalue of the k×k symmetric tridiagonal matrix with diagonal {@code alpha[0..k)} and
	 * off-diagonal {@code beta[0..k-1)} (β_i joins rows i and i + 1), and the entries {@code from..k-1} of its unit
	 * eigenvector in {@code vector[from..k)} (its sign is arbitrary, and the same for every {@code from}: the entries
	 * are those of the whole vector, bit for bit). The rotations touch those rows of the eigenvector matrix only: O(k²)
	 * in all for the last entry alone, which is what Lanczos's convergence test needs at every step, and O(k³) for the
	 * whole vector, which it needs once. The arrays given are not modified.
	 */
	static double top(double[] alpha, double[] beta, int k, int from, double[] vector) {
		double[] d = Arrays.copyOf(alpha, k), e = new double[k];
		System.arraycopy(beta, 0, e, 0, k - 1);
		double[][] z = new double[k - from][k]; // rows from.. of the eigenvector matrix: column i belongs to d[i]
		for (int r = from; r < k; r++) z[r - from][r] = 1;
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
		for (int r = from; r < k; r++) vector[r] = z[r - from][top];
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
			for (double[] row : z) rotate(row, i, c, s);
		}
		d[l] -= p;
		e[l] = g;
		e[m] = 0;
	}

	/** The sweep's rotation of columns i and i + 1, on one row of the eigenvector matrix. */
	private static void rotate(double[] row, int i, double c, double s) {
		double f = row[i + 1];
		row[i + 1] = s * row[i] + c * f;
		row[i] = c * row[i] - s * f;
	}
}
