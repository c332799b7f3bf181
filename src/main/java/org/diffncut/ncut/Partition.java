package org.diffncut.ncut;

import java.util.Arrays;

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
	 * Whether {@code other} groups the cells into the same segments, whatever their numbering: the two labellings
	 * are then one bijection apart.
	 */
	public boolean sameSegments(Partition other) {
		if (labels.length != other.labels.length || count != other.count) return false;
		int[] image = new int[count], preimage = new int[count];
		Arrays.fill(image, -1);
		Arrays.fill(preimage, -1);
		for (int i = 0; i < labels.length; i++) {
			int a = labels[i], b = other.labels[i];
			if (image[a] < 0 && preimage[b] < 0) {
				image[a] = b;
				preimage[b] = a;
			}
			else if (image[a] != b || preimage[b] != a) return false;
		}
		return true;
	}

	/**
	 * Segments the rule would have split further but the tree was not grown past. Zero means the partition
	 * equals a fresh run with the rule.
	 */
	public int truncated() {
		return truncated;
	}
}
