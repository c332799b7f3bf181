package org.diffncut.pipeline;

import java.util.function.BooleanSupplier;

import org.diffncut.image.Window;

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
}
