package org.diffncut.ncut;

/** Segments of the grid cells cut from a {@link SplitTree} by a stopping rule. */
public final class Partition {
	private final int[] labels;
	private final int count, truncated;

	Partition(int[] labels, int count, int truncated) {
		this.labels = labels;
		this.count = count;
		this.truncated = truncated;
	}

	/** Segment 0..count−1 of every cell, numbered in depth-first order of the tree's leaves. */
	public int[] labels() {
		return labels;
	}

	public int count() {
		return count;
	}

	/**
	 * Segments the rule would have split further but the tree was not grown past. Zero means the partition
	 * equals a fresh run with the rule.
	 */
	public int truncated() {
		return truncated;
	}
}
