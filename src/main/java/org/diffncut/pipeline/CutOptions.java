package org.diffncut.pipeline;

import org.diffncut.graph.GraphKind;
import org.diffncut.ncut.MatVec;
import org.diffncut.ncut.NormalizedCut;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.ncut.SweepCut;

/**
 * Everything after the attention matrix: graph, walk steps, stopping rule, and how far the split tree is grown
 * for later re-cuts. Immutable; the defaults are the paper's best setting (dot graph, k = 1, MAN-C with NCut).
 */
public final class CutOptions {
	public static final CutOptions DEFAULTS = new CutOptions(GraphKind.DOT, 1, StoppingRule.MANC_NCUT, null, 1,
		NormalizedCut.DEFAULT_MAX_DEPTH, SweepCut.Mode.EXACT, 100);

	private final GraphKind graph;
	private final int steps, minSize, maxDepth, thresholds;
	private final StoppingRule stop, grow;
	private final SweepCut.Mode sweep;

	private CutOptions(GraphKind graph, int steps, StoppingRule stop, StoppingRule grow, int minSize, int maxDepth,
		SweepCut.Mode sweep, int thresholds)
	{
		if (steps < 1) throw new IllegalArgumentException("walk steps must be ≥ 1, got " + steps);
		if (minSize < 1) throw new IllegalArgumentException("minimum segment size must be ≥ 1, got " + minSize);
		this.graph = graph;
		this.steps = steps;
		this.stop = stop;
		this.grow = grow;
		this.minSize = minSize;
		this.maxDepth = maxDepth;
		this.sweep = sweep;
		this.thresholds = thresholds;
	}

	public GraphKind graph() { return graph; }
	public int steps() { return steps; }
	public StoppingRule stop() { return stop; }
	public int minSize() { return minSize; }
	public int maxDepth() { return maxDepth; }
	public SweepCut.Mode sweep() { return sweep; }
	public int thresholds() { return thresholds; }

	/** The rule the tree is grown with: the stopping rule, and also {@link #withGrowth} if set. */
	public StoppingRule growth() {
		return grow == null ? stop : stop.and(grow);
	}

	public CutOptions withGraph(GraphKind graph) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	public CutOptions withSteps(int steps) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	public CutOptions withStop(StoppingRule stop) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	/**
	 * Also grows the tree wherever {@code grow} would split, so that re-cuts with {@code grow} (or any rule
	 * stopping no later) come from the tree exactly; null for none.
	 */
	public CutOptions withGrowth(StoppingRule grow) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	public CutOptions withMinSize(int minSize) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	public CutOptions withMaxDepth(int maxDepth) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	public CutOptions withSweep(SweepCut.Mode sweep, int thresholds) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds);
	}

	NormalizedCut normalizedCut(MatVec.Factory operators) {
		return NormalizedCut.builder().stoppingRule(growth()).minSize(minSize).maxDepth(maxDepth)
			.sweep(sweep, thresholds).operators(operators).build();
	}
}
