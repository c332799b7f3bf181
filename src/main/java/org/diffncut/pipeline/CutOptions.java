package org.diffncut.pipeline;

import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.GraphKind;
import org.diffncut.graph.PowerWalk;
import org.diffncut.model.DeviceChoice;
import org.diffncut.ncut.DjlFactorProducts;
import org.diffncut.ncut.DjlMatVec;
import org.diffncut.ncut.NormalizedCut;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.ncut.SweepCut;

/**
 * Everything after the attention matrix: graph, walk steps, stopping rule, and how far the split tree is grown
 * for later re-cuts, and where it all runs. Immutable; the defaults are the paper's best setting (dot graph, k = 1,
 * MAN-C with NCut).
 */
public final class CutOptions {
	public static final CutOptions DEFAULTS = new CutOptions(GraphKind.DOT, 1, StoppingRule.MANC_NCUT, null, 1,
		NormalizedCut.DEFAULT_MAX_DEPTH, SweepCut.Mode.EXACT, 100, DeviceChoice.AUTO, -1);

	private final GraphKind graph;
	private final int steps, minSize, maxDepth, thresholds, gpu;
	private final StoppingRule stop, grow;
	private final SweepCut.Mode sweep;
	private final DeviceChoice device;

	private CutOptions(GraphKind graph, int steps, StoppingRule stop, StoppingRule grow, int minSize, int maxDepth,
		SweepCut.Mode sweep, int thresholds, DeviceChoice device, int gpu)
	{
		PowerWalk.checkSteps(steps);
		if (minSize < 1) throw new IllegalArgumentException("minimum segment size must be ≥ 1, got " + minSize);
		this.graph = graph;
		this.steps = steps;
		this.stop = stop;
		this.grow = grow;
		this.minSize = minSize;
		this.maxDepth = maxDepth;
		this.sweep = sweep;
		this.thresholds = thresholds;
		this.device = device;
		this.gpu = gpu;
	}

	public GraphKind graph() { return graph; }
	public int steps() { return steps; }
	public StoppingRule stop() { return stop; }
	public int minSize() { return minSize; }
	public int maxDepth() { return maxDepth; }
	public SweepCut.Mode sweep() { return sweep; }
	public int thresholds() { return thresholds; }
	public DeviceChoice device() { return device; }
	/** The CUDA index of the GPU the cut runs on, or -1 for the first (see {@link #withGpu}). */
	public int gpu() { return gpu; }

	/** The rule the tree is grown with: the stopping rule, and also {@link #withGrowth} if set. */
	public StoppingRule growth() {
		return grow == null ? stop : stop.and(grow);
	}

	public CutOptions withGraph(GraphKind graph) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	public CutOptions withSteps(int steps) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	public CutOptions withStop(StoppingRule stop) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	/**
	 * Also grows the tree wherever {@code grow} would split, so that re-cuts with {@code grow} (or any rule
	 * stopping no later) come from the tree exactly; null for none.
	 */
	public CutOptions withGrowth(StoppingRule grow) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	public CutOptions withMinSize(int minSize) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	public CutOptions withMaxDepth(int maxDepth) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	public CutOptions withSweep(SweepCut.Mode sweep, int thresholds) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	/**
	 * Where the graph and the cut run: {@code cpu} keeps them on the CPU even when a GPU is visible, {@code gpu}
	 * puts every product there, {@code auto} (the default) is the CPU here; {@link DiffusionSegmenter} resolves it
	 * to the model's device.
	 */
	public CutOptions withDevice(DeviceChoice device) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	/**
	 * On GPU {@code gpu} (a CUDA index; -1 for the first) when the device is {@code gpu}: the model's GPU, so that a
	 * Spark task given GPU 1 cuts there too.
	 */
	public CutOptions withGpu(int gpu) {
		return new CutOptions(graph, steps, stop, grow, minSize, maxDepth, sweep, thresholds, device, gpu);
	}

	/**
	 * These options on the device of a model that runs on GPU {@code modelGpu} (-1: on the CPU): auto follows the
	 * model, and a GPU with no index given takes the model's; an explicit {@code cpu}, or a GPU index given, stays.
	 */
	public CutOptions besideModel(int modelGpu) {
		if (device == DeviceChoice.CPU) return this;
		if (modelGpu < 0) return device == DeviceChoice.AUTO ? withDevice(DeviceChoice.CPU) : this;
		return withDevice(DeviceChoice.GPU).withGpu(gpu < 0 ? modelGpu : gpu);
	}

	/**
	 * The cut of {@code graph} on its device: factored products in plain Java on the CPU (no native engine), on
	 * DJL on a GPU; the walk graph's dense mat-vecs as {@link DjlMatVec#preferred}.
	 */
	NormalizedCut normalizedCut(AffinityGraph graph) {
		return NormalizedCut.builder().stoppingRule(growth()).minSize(minSize).maxDepth(maxDepth)
			.sweep(sweep, thresholds).operators(DjlMatVec.preferred(graph))
			.products(DjlFactorProducts.preferred(graph)).build();
	}
}
