package org.diffncut.ncut;

/**
 * The best bipartition of a graph found along its Fiedler vector: the first {@link #size()} nodes of
 * {@link #order()} form part A, the rest part B.
 */
public final class Split {
	private final int[] order;
	private final int size;
	private final double ncut, cut, threshold;

	Split(int[] order, int size, double ncut, double cut, double threshold) {
		this.order = order;
		this.size = size;
		this.ncut = ncut;
		this.cut = cut;
		this.threshold = threshold;
	}

	/** Node indices sorted by Fiedler value, ties by index (shared: do not modify). */
	public int[] order() {
		return order;
	}

	/** |A|. */
	public int size() {
		return size;
	}

	/** NCut(A, B) = cut/assoc(A, V) + cut/assoc(B, V). */
	public double ncut() {
		return ncut;
	}

	/** cut(A, B) = Σ_{i∈A, j∈B} w_ij. */
	public double cut() {
		return cut;
	}

	/** The Fiedler value between the parts: A = {y ≤ threshold}. */
	public double threshold() {
		return threshold;
	}
}
