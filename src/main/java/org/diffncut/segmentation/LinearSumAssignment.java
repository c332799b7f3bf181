package org.diffncut.segmentation;

import java.util.Arrays;

/**
 * The rectangular linear sum assignment problem: for an {@code r × c} matrix W, a set of min(r, c) pairs (i, j)
 * with distinct rows and distinct columns that minimises (or maximises) the sum of W(i, j). When r ≤ c every row
 * gets a column; when r &gt; c every column gets a row and r − c rows stay unassigned.
 * <p>
 * The solution is exact and, among several optimal assignments, it is the one scipy's
 * {@code linear_sum_assignment} returns (scipy 1.4 and later): the same algorithm, Crouse's shortest augmenting
 * path (DF Crouse, "On implementing 2D rectangular assignment algorithms", IEEE TAES 52(4), 2016, pp. 1685–1686)
 * as written in {@code scipy/optimize/rectangular_lsap/rectangular_lsap.cpp}, with every tie broken the same
 * way: rows are augmented in order 0..r−1; the columns are scanned from last to first, the first column of
 * smallest reduced cost wins, and a later one of equal cost wins only if it is still free (so a constant matrix
 * gives the identity); a tall matrix is solved transposed; maximisation negates the matrix. The arithmetic is
 * IEEE double as in scipy, so the tie-breaking is identical whenever the sums are exact, e.g. for integer
 * weights below 2<sup>53</sup> (pixel counts).
 * <p>
 * Cost O(min(r,c)² · max(r,c)) time, O(r · c) memory for a working copy.
 */
public final class LinearSumAssignment {
	private LinearSumAssignment() {}

	/** Maximises the sum of {@code weight} (rows × cols, row-major); see {@link #minimize}. */
	public static int[] maximize(double[] weight, int rows, int cols) {
		return solve(weight, rows, cols, true);
	}

	/**
	 * Minimises the sum of {@code cost} (rows × cols, row-major; not modified). Entries may be +∞ (forbidden
	 * pairs) but not NaN or −∞.
	 *
	 * @return the column assigned to each row, or −1 for rows left unassigned (only when rows &gt; cols)
	 * @throws IllegalArgumentException for NaN or −∞ entries, or if no assignment of finite cost exists
	 */
	public static int[] minimize(double[] cost, int rows, int cols) {
		return solve(cost, rows, cols, false);
	}

	private static int[] solve(double[] matrix, int rows, int cols, boolean maximize) {
		if (rows < 0 || cols < 0 || (long) rows * cols != matrix.length) throw new IllegalArgumentException(
			matrix.length + " entries do not fill " + rows + "x" + cols);
		int[] colForRow = new int[rows];
		Arrays.fill(colForRow, -1);
		if (rows == 0 || cols == 0) return colForRow;

		boolean transpose = cols < rows; // the algorithm needs at least as many columns as rows
		int nr = transpose ? cols : rows, nc = transpose ? rows : cols;
		double[] cost = new double[matrix.length];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++) {
				double w = matrix[i * cols + j];
				cost[transpose ? j * rows + i : i * cols + j] = maximize ? -w : w;
			}
		for (double x : cost)
			if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException(
				"assignment matrix contains NaN or " + (maximize ? "+" : "-") + "infinity");

		int[] col4row = new ShortestAugmentingPath(cost, nr, nc).solve();
		if (transpose) for (int i = 0; i < nr; i++) colForRow[col4row[i]] = i;
		else System.arraycopy(col4row, 0, colForRow, 0, nr);
		return colForRow;
	}

	/** One solve of a wide (nr ≤ nc) minimisation; the fields are scipy's variables under scipy's names. */
	private static final class ShortestAugmentingPath {
		private final double[] cost;
		private final int nr, nc;
		private final double[] u, v, shortestPathCosts;
		private final int[] path, col4row, row4col, remaining;
		private final boolean[] SR, SC;
		private double minVal; // length of the last shortest augmenting path

		ShortestAugmentingPath(double[] cost, int nr, int nc) {
			this.cost = cost;
			this.nr = nr;
			this.nc = nc;
			u = new double[nr];
			v = new double[nc];
			shortestPathCosts = new double[nc];
			path = new int[nc];
			col4row = new int[nr];
			row4col = new int[nc];
			remaining = new int[nc];
			SR = new boolean[nr];
			SC = new boolean[nc];
			Arrays.fill(path, -1);
			Arrays.fill(col4row, -1);
			Arrays.fill(row4col, -1);
		}

		int[] solve() {
			for (int curRow = 0; curRow < nr; curRow++) {
				int sink = augmentingPath(curRow);
				if (sink < 0) throw new IllegalArgumentException("no assignment of finite cost exists");

				// dual update
				u[curRow] += minVal;
				for (int i = 0; i < nr; i++)
					if (SR[i] && i != curRow) u[i] += minVal - shortestPathCosts[col4row[i]];
				for (int j = 0; j < nc; j++)
					if (SC[j]) v[j] -= minVal - shortestPathCosts[j];

				// augment along the path back to curRow
				int j = sink;
				while (true) {
					int i = path[j];
					row4col[j] = i;
					int previous = col4row[i];
					col4row[i] = j;
					j = previous;
					if (i == curRow) break;
				}
			}
			return col4row;
		}

		/**
		 * The free column that ends the shortest augmenting path from row {@code i}, or −1 if none is finite;
		 * leaves the path's length in {@link #minVal}.
		 */
		private int augmentingPath(int i) {
			minVal = 0;
			int numRemaining = nc;
			// reversed, so that a constant matrix gives the identity (scipy #11602)
			for (int it = 0; it < nc; it++) remaining[it] = nc - it - 1;
			Arrays.fill(SR, false);
			Arrays.fill(SC, false);
			Arrays.fill(shortestPathCosts, Double.POSITIVE_INFINITY);

			int sink = -1;
			while (sink == -1) {
				int index = -1;
				double lowest = Double.POSITIVE_INFINITY;
				SR[i] = true;
				for (int it = 0; it < numRemaining; it++) {
					int j = remaining[it];
					double r = minVal + cost[i * nc + j] - u[i] - v[j];
					if (r < shortestPathCosts[j]) {
						path[j] = i;
						shortestPathCosts[j] = r;
					}
					// among equal costs prefer a free column: it ends the path
					if (shortestPathCosts[j] < lowest || (shortestPathCosts[j] == lowest && row4col[j] == -1)) {
						lowest = shortestPathCosts[j];
						index = it;
					}
				}
				minVal = lowest;
				if (minVal == Double.POSITIVE_INFINITY) return -1;
				int j = remaining[index];
				if (row4col[j] == -1) sink = j;
				else i = row4col[j];
				SC[j] = true;
				remaining[index] = remaining[--numRemaining];
			}
			return sink;
		}
	}
}
