package org.diffncut.pipeline;

import java.util.function.BooleanSupplier;

import org.diffncut.image.Window;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.ncut.SplitTree;

/** The stages after the attention matrix: graph, recursive normalised cut, upsampling. */
public final class AttentionCut {
	private AttentionCut() {}

	/**
	 * Segments the grid of {@code p} and brings the labels to width × height, the grid lying on {@code window}
	 * of that image.
	 */
	public static Segmentation segment(TransitionMatrix p, Window window, int width, int height, CutOptions options,
		Progress progress, BooleanSupplier canceled)
	{
		return segment(p, window, width, height, options, new Timings(), progress, canceled);
	}

	/** As above, adding the stage times to {@code timings}. */
	public static Segmentation segment(TransitionMatrix p, Window window, int width, int height, CutOptions options,
		Timings timings, Progress progress, BooleanSupplier canceled)
	{
		progress.report(0, "graph");
		AffinityGraph graph = timings.time("graph", () -> AffinityGraph.build(p, options.graph(), options.steps(),
			options.device().cutDevice(options.gpu())));
		SplitTree tree = timings.time("ncut", () -> options.normalizedCut(graph).grow(graph, progress.range(0.1, 0.8),
			canceled));
		Segmentation s = Segmentation.of(graph.walk(), tree, options.stop(), window, width, height, timings);
		progress.report(1, "done");
		return s;
	}

	/**
	 * The same cut of {@code graph} on its dense weights A, formed by the Gram product on the graph's device (an
	 * O(n³) product on the native engine): the cross-check of the factored cut, which never forms A. The stage
	 * times go to {@code timings} as "gram" and "ncut".
	 */
	public static SplitTree denseTree(AffinityGraph graph, CutOptions options, Timings timings) {
		float[] a = timings.time("gram", graph::weights);
		return timings.time("ncut", () -> options.normalizedCut(graph).grow(a, graph.size(), graph.kind(),
			Progress.NONE, Cancel.NEVER));
	}
}
