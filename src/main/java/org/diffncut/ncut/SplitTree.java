package org.diffncut.ncut;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary tree of recursive normalised cuts over n grid cells. It is grown with one stopping rule and keeps
 * every node's split statistics, so labels for any rule that stops at least where the growing rule stopped come
 * from the tree alone, without recomputation. {@link #metadata()} records where the tree came from (grid,
 * graph, attention file, output geometry) for tools that re-cut it later.
 */
public final class SplitTree {
	/** Metadata keys that {@link SplitTreeJson} checks: the graph kind and the walk's steps the tree was cut on. */
	public static final String GRAPH = "graph", STEPS = "steps";

	private final SplitNode root;
	private final int cells;
	private final StoppingRule grownWith;
	private final int minSize, maxDepth;
	private final Map<String, String> metadata;

	public SplitTree(SplitNode root, StoppingRule grownWith, int minSize, int maxDepth, Map<String, String> metadata) {
		this.root = root;
		this.cells = root.size();
		this.grownWith = grownWith;
		this.minSize = minSize;
		this.maxDepth = maxDepth;
		this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}

	public SplitNode root() {
		return root;
	}

	/** n, the number of grid cells. */
	public int cells() {
		return cells;
	}

	public StoppingRule grownWith() {
		return grownWith;
	}

	public int minSize() {
		return minSize;
	}

	public int maxDepth() {
		return maxDepth;
	}

	public Map<String, String> metadata() {
		return metadata;
	}

	/** A copy of this tree with {@code entries} added to its metadata. */
	public SplitTree withMetadata(Map<String, String> entries) {
		Map<String, String> merged = new LinkedHashMap<>(metadata);
		merged.putAll(entries);
		return new SplitTree(root, grownWith, minSize, maxDepth, merged);
	}

	/** The partition the tree was grown to. */
	public Partition partition() {
		return partition(grownWith);
	}

	/**
	 * Cuts the tree with {@code rule}: descending from the root, a node is a segment when it has no admissible
	 * split or the rule stops there. Where the rule would split a node the tree was not grown past, the node
	 * stays whole and is counted in {@link Partition#truncated()}.
	 */
	public Partition partition(StoppingRule rule) {
		int[] labels = new int[cells];
		int count = 0, truncated = 0;
		Deque<SplitNode> stack = new ArrayDeque<>();
		stack.push(root);
		while (!stack.isEmpty()) {
			SplitNode node = stack.pop();
			boolean split = node.splittable() && !rule.stop(node.statistics());
			if (split && node.expanded()) {
				stack.push(node.second());
				stack.push(node.first());
				continue;
			}
			if (split) truncated++;
			for (int cell : node.members()) labels[cell] = count;
			count++;
		}
		return new Partition(labels, count, truncated);
	}

	/** Nodes whose eigen-solver hit its iteration cap. */
	public int unconverged() {
		int count = 0;
		Deque<SplitNode> stack = new ArrayDeque<>();
		stack.push(root);
		while (!stack.isEmpty()) {
			SplitNode node = stack.pop();
			if (!node.converged()) count++;
			if (node.expanded()) {
				stack.push(node.first());
				stack.push(node.second());
			}
		}
		return count;
	}
}
