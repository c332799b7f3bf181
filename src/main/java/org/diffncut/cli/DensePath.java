package org.diffncut.cli;

import java.util.Locale;

import org.diffncut.graph.AffinityGraph;
import org.diffncut.ncut.SplitNode;
import org.diffncut.ncut.SplitTree;
import org.diffncut.pipeline.AttentionCut;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.Timings;

/**
 * The dense path beside the factored one ({@code cut --check-dense}, {@code bench-ncut}): A = F Fᵀ formed on the
 * graph's device, the same cut on it, and how its tree compares with the factored tree.
 */
final class DensePath {
	final SplitTree tree;
	/** "gram" (forming A) and "ncut" (the cut on it). */
	final Timings timings = new Timings();

	DensePath(AffinityGraph graph, CutOptions options) {
		this.tree = AttentionCut.denseTree(graph, options, timings);
	}

	boolean samePartition(SplitTree factored) {
		return tree.partition().sameSegments(factored.partition());
	}

	/** "same partition (10 segments), largest relative NCut difference 3.1e-08", or how they differ. */
	String comparison(SplitTree factored) {
		return (samePartition(factored) ? "same partition (" + tree.partition().count() + " segments)" :
			"different partitions (dense " + tree.partition().count() + " segments, factored " +
				factored.partition().count() + ")") + String.format(Locale.ROOT, ", largest relative NCut difference %.1e",
			largestNcutDifference(factored.root(), tree.root()));
	}

	/**
	 * Largest |a − b| / |b| of the NCut values of two trees (b of the dense one, at least 1e-12), node by node, while
	 * their shapes agree.
	 */
	static double largestNcutDifference(SplitNode a, SplitNode b) {
		if (a.statistics() == null || b.statistics() == null) return 0;
		double d = Math.abs(a.statistics().ncut() - b.statistics().ncut()) / Math.max(Math.abs(b.statistics().ncut()), 1e-12);
		if (a.expanded() && b.expanded()) d = Math.max(d, Math.max(largestNcutDifference(a.first(), b.first()),
			largestNcutDifference(a.second(), b.second())));
		return d;
	}
}
