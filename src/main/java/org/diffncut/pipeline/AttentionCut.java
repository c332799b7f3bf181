package org.diffncut.pipeline;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.PlantedWalk;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.image.Window;
import org.diffncut.model.DeviceChoice;
import org.diffncut.ncut.SplitTree;

/** The stages after the attention matrix: graph, recursive normalised cut, upsampling. */
public final class AttentionCut {
	/** Side of the warm-up's grid, and how often it is cut: 12×12 twice and 16×16 once did alike, more no better. */
	private static final int WARM_UP_SIDE = 12, WARM_UP_ROUNDS = 2;

	private AttentionCut() {}

	/**
	 * Starts cutting a small planted attention matrix on a daemon thread, which touches nothing else and ends by
	 * itself; for a process about to make one CPU cut. The JIT compiles code that runs often, and a fresh JVM runs a
	 * cut's kernels interpreted until it has: started while the process parses its command line and reads P, this
	 * gets them compiled on a spare core by the time the real cut begins. Nothing on one core, where it would only
	 * take turns with the start-up.
	 *
	 * @return the thread, started, or null on one core
	 */
	public static Thread warmUp() {
		if (Runtime.getRuntime().availableProcessors() < 2) return null;
		Thread thread = new Thread(() -> {
			try {
				TransitionMatrix p = warmUpWalk(); // the same matrix each round: made once
				for (int round = 0; round < WARM_UP_ROUNDS; round++) warmUpCut(p);
			}
			catch (Throwable e) { // nothing of a warm-up may reach the user: it changes no result
			}
		}, "diffncut-warm-up");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * The warm-up's attention: a walk on a grid of four quadrants, which stays in its quadrant with probability about
	 * 0.94, each row's weights jittered.
	 */
	static TransitionMatrix warmUpWalk() {
		int side = WARM_UP_SIDE;
		int[] quadrant = new int[side * side];
		for (int i = 0; i < quadrant.length; i++)
			quadrant[i] = (i / side < side / 2 ? 0 : 2) + (i % side < side / 2 ? 0 : 1);
		return PlantedWalk.of(side, side, quadrant, Double.POSITIVE_INFINITY, 0.02, new SplittableRandom(side));
	}

	/** The warm-up's cut of {@code p}, through the default CPU path, to labels 8× the grid's side. */
	static Segmentation warmUpCut(TransitionMatrix p) {
		int width = 8 * p.gridWidth(), height = 8 * p.gridHeight();
		return segment(p, Window.full(width, height), width, height, CutOptions.DEFAULTS.withDevice(DeviceChoice.CPU),
			Progress.NONE, Cancel.NEVER);
	}

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
