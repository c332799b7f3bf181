package org.diffncut.ncut;

/**
 * A node of the binary split tree: a set of grid cells, its best split (if it has an admissible one) and, when
 * the tree was grown past it, its two parts. Immutable once the tree is built.
 */
public final class SplitNode {
	private final int[] members;
	private final int depth;
	private final CutStatistics statistics;
	private final double threshold, eigenvalue;
	private final int iterations;
	private final boolean converged;
	private SplitNode first, second;

	SplitNode(int[] members, int depth, CutStatistics statistics, double threshold, double eigenvalue,
		int iterations, boolean converged)
	{
		this.members = members;
		this.depth = depth;
		this.statistics = statistics;
		this.threshold = threshold;
		this.eigenvalue = eigenvalue;
		this.iterations = iterations;
		this.converged = converged;
	}

	/** A node without an admissible split (too small, or at the depth limit). */
	static SplitNode unsplittable(int[] members, int depth) {
		return new SplitNode(members, depth, null, Double.NaN, Double.NaN, 0, true);
	}

	void setChildren(SplitNode first, SplitNode second) {
		this.first = first;
		this.second = second;
	}

	/** Grid cell indices, ascending (shared: do not modify). */
	public int[] members() {
		return members;
	}

	public int size() {
		return members.length;
	}

	/** 0 at the root. */
	public int depth() {
		return depth;
	}

	/** Statistics of the best split, or null when the node has no admissible split. */
	public CutStatistics statistics() {
		return statistics;
	}

	public boolean splittable() {
		return statistics != null;
	}

	/** The Fiedler-vector threshold of the best split (NaN without one). */
	public double threshold() {
		return threshold;
	}

	/** Eigenvalue λ of the Fiedler vector (NaN without a split). */
	public double eigenvalue() {
		return eigenvalue;
	}

	public int iterations() {
		return iterations;
	}

	/** False if the eigen-solver hit its iteration cap on this node. */
	public boolean converged() {
		return converged;
	}

	/** True if the tree was grown past this node: {@link #first()} and {@link #second()} exist. */
	public boolean expanded() {
		return first != null;
	}

	/** Part A of the split: cells with Fiedler value ≤ threshold (null unless expanded). */
	public SplitNode first() {
		return first;
	}

	/** Part B (null unless expanded). */
	public SplitNode second() {
		return second;
	}
}
