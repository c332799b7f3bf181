package org.diffncut.ncut;

/**
 * What a stopping rule knows about a sub-graph and its best split.
 * <p>
 * Edge counting, for the MAN-C rules: the sub-graph is undirected; each unordered pair {i, j}, i ≠ j, with
 * w_ij &gt; 0 is one edge and adds w_ij once to the total weight T. Self-loops w_ii are counted in neither T nor m
 * (they never cross a cut). Counting both directions instead doubles T and m together and leaves T/m, hence
 * nT/(2m), unchanged; it would halve cut/T, which is why the convention is fixed here.
 */
public final class CutStatistics {
	private final int nodes;
	private final long edges;
	private final double totalWeight, ncut, cut;

	public CutStatistics(int nodes, long edges, double totalWeight, double ncut, double cut) {
		this.nodes = nodes;
		this.edges = edges;
		this.totalWeight = totalWeight;
		this.ncut = ncut;
		this.cut = cut;
	}

	/** Statistics of the symmetric n×n {@code w} and its split. */
	static CutStatistics of(float[] w, int n, Split split) {
		long edges = 0;
		double total = 0;
		for (int i = 0; i < n; i++)
			for (int j = i + 1, o = i * n; j < n; j++) {
				float v = w[o + j];
				if (v > 0) {
					edges++;
					total += v;
				}
			}
		return new CutStatistics(n, edges, total, split.ncut(), split.cut());
	}

	/** n. */
	public int nodes() {
		return nodes;
	}

	/** m: unordered pairs of distinct nodes with positive weight. */
	public long edges() {
		return edges;
	}

	/** T: weight of those edges, each counted once. */
	public double totalWeight() {
		return totalWeight;
	}

	/** NCut of the best split. */
	public double ncut() {
		return ncut;
	}

	/** cut(A, B) of the best split. */
	public double cut() {
		return cut;
	}

	/**
	 * nT/(2m): n times the mean edge weight, over 2. The MAN-C bound; +∞ when the graph has no edge, so that
	 * parts with nothing between them (NCut 0) are always split.
	 */
	public double mancBound() {
		return edges == 0 ? Double.POSITIVE_INFINITY : nodes * totalWeight / (2.0 * edges);
	}

	/** cut/T, the min-cut scaled by the total weight. */
	public double scaledCut() {
		return totalWeight == 0 ? Double.POSITIVE_INFINITY : cut / totalWeight;
	}
}
