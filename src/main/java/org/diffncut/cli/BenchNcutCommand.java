package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.PlantedWalk;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.GraphKind;
import org.diffncut.image.Window;
import org.diffncut.model.Yardstick;
import org.diffncut.ncut.DenseFiedlerSolver;
import org.diffncut.ncut.DenseMatVec;
import org.diffncut.ncut.DjlFactorProducts;
import org.diffncut.ncut.DjlMatVec;
import org.diffncut.ncut.FactorProducts;
import org.diffncut.ncut.JavaFactorProducts;
import org.diffncut.ncut.MatVec;
import org.diffncut.ncut.NormalizedCut;
import org.diffncut.ncut.SplitNode;
import org.diffncut.ncut.SplitTree;
import org.diffncut.pipeline.AttentionCut;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.Timings;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code diffncut bench-ncut}: times every stage after the attention matrix on a synthetic, spatially smooth
 * random walk, the factored cut (A never formed) against the dense one (A formed) in the same run, and states every
 * time also in units of a reference product measured in the same run, so that figures compare across machines.
 */
@Command(name = "bench-ncut", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Benchmark graph, recursive cut and upsampling on a synthetic smooth random walk: the factored " +
		"cut against the dense one (A = P P^T formed), each stage also in units of a 4096^3 reference product timed " +
		"in the same run, and the iterative eigen-solver against a dense EJML eigen-decomposition.")
final class BenchNcutCommand implements Callable<Integer> {
	/**
	 * Side of bench-model's reference product (2·4096³ ≈ 137 GFLOP), and the largest graph whose dense path runs by
	 * default (its Gram product is that size).
	 */
	static final int REFERENCE_SIDE = BenchModelCommand.REFERENCE_SIDE;

	@Spec
	CommandSpec spec;

	@Option(names = "--n", defaultValue = "4096", description = "Grid cells (a square grid), e.g. 16384 for a " +
		"1024^2 working resolution. Default: ${DEFAULT-VALUE}.")
	int n;

	@Option(names = "--threads", description = "CPU threads for Java and PyTorch. Default: all cores.")
	Integer threads;

	@Option(names = "--size", defaultValue = "512", description = "Side of the upsampled label image. Default: ${DEFAULT-VALUE}.")
	int size;

	@Option(names = "--dense", negatable = true, description = "Also run the dense path (forms the N x N matrix A: " +
		"2 N^3 flops, 4 N^2 bytes). Default: up to N = " + REFERENCE_SIDE + ".")
	Boolean dense;

	@Option(names = "--baseline", split = ",", defaultValue = "1024,2048",
		description = "Graph sizes for the dense baseline (0 to skip). Default: ${DEFAULT-VALUE}.")
	int[] baseline;

	@Mixin
	CutDeviceMixin device;

	@Option(names = "--repeat", defaultValue = "3", description = "Timed repetitions; the best is kept. Default: ${DEFAULT-VALUE}.")
	int repeat;

	@Override
	public Integer call() {
		if (threads != null) { // before the first parallel stream and the first PyTorch call
			System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(Math.max(1, threads - 1)));
			System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		}
		PrintWriter out = spec.commandLine().getOut();
		int side = (int) Math.round(Math.sqrt(n));
		if (side * side != n) throw new IllegalArgumentException("--n must be a square number, e.g. 4096");
		boolean runDense = dense != null ? dense : n <= REFERENCE_SIDE;
		TransitionMatrix p = smoothWalk(side, side, 6, 42);
		Device device = this.device.device.cutDevice(-1);
		CutOptions options = CutOptions.DEFAULTS.withDevice(this.device.device);
		out.printf(Locale.ROOT, "bench-ncut: n = %d (%dx%d grid), %d cores, device %s%n", n, side, side,
			Runtime.getRuntime().availableProcessors(), device);

		// The reference: bench-model's 4096^3 float32 product (2 x 4096^3 flops) on the same device
		Yardstick.productSeconds(device, DataType.FLOAT32, 256); // warm-up: engine start
		double reference = Yardstick.productSeconds(device, DataType.FLOAT32, REFERENCE_SIDE);
		out.printf(Locale.ROOT, "reference: %d^3 float32 product on %s %.3f s, %.0f GFLOP/s%n", REFERENCE_SIDE, device,
			reference, 2.0 * Math.pow(REFERENCE_SIDE, 3) / reference * 1e-9);

		// Factored: A = F F^T is never formed.
		Segmentation factored = null;
		Timings fastest = null;
		AttentionCut.segment(p, Window.full(size, size), size, size, options, Progress.NONE, Cancel.NEVER); // JIT
		for (int i = 0; i < Math.max(1, repeat); i++) {
			Timings t = new Timings();
			factored = AttentionCut.segment(p, Window.full(size, size), size, size, options, t, Progress.NONE,
				Cancel.NEVER);
			if (fastest == null || t.total() < fastest.total()) fastest = t;
		}
		SplitTree tree = factored.tree();
		out.printf(Locale.ROOT, "factored (A = F F^T never formed, %s products), best of %d:%n", device.isGpu() ? "DJL" :
			"Java", Math.max(1, repeat));
		stage(out, "graph (factor F = P)", fastest.seconds().get("graph"), reference, "");
		stage(out, "recursion (whole tree)", fastest.seconds().get("ncut"), reference, String.format(Locale.ROOT,
			"  (%d segments, %d mat-vecs)", tree.partition().count(), matVecs(tree)));
		stage(out, "upsample to " + size + "x" + size, fastest.seconds().get("upsample"), reference, "");
		stage(out, "graph + ncut + upsample", fastest.total(), reference, "");

		if (!runDense) {
			out.printf(Locale.ROOT, "dense (A = P P^T formed): not run at n = %d: A alone is 2n^3 = %.1f TFLOP (%.0f " +
				"reference products) and n^2 floats = %.2f GB; --dense runs it%n", n, 2.0 * Math.pow(n, 3) * 1e-12,
				Math.pow((double) n / REFERENCE_SIDE, 3), 4.0 * n * n / (1L << 30));
		}
		else {
			DensePath densest = null;
			AffinityGraph g = null;
			for (int i = 0; i < Math.max(1, repeat); i++) { // a new graph each time: it keeps the A it formed
				g = AffinityGraph.of(factored.walk(), GraphKind.DOT);
				DensePath d = new DensePath(g, options);
				if (densest == null || d.timings.total() < densest.timings.total()) densest = d;
			}
			double upsample = fastest.seconds().get("upsample");
			out.printf(Locale.ROOT, "dense (A = P P^T formed on DJL), best of %d:%n", Math.max(1, repeat));
			stage(out, "graph (Gram matrix)", densest.timings.seconds().get("gram"), reference, "");
			stage(out, "recursion (whole tree)", densest.timings.seconds().get("ncut"), reference, String.format(
				Locale.ROOT, "  (%d segments, %d mat-vecs)", densest.tree.partition().count(), matVecs(densest.tree)));
			stage(out, "graph + ncut + upsample", densest.timings.total() + upsample, reference, "");
			out.printf(Locale.ROOT, "factored vs dense: %.1fx faster; %s%n", (densest.timings.total() + upsample) /
				fastest.total(), densest.comparison(tree));
			matVecs(out, g, device);
		}

		for (int m : baseline) {
			if (m <= 0) continue;
			int h = (int) Math.round(Math.sqrt(m / 2.0)) , w = m / h;
			if (h * w != m) { h = (int) Math.round(Math.sqrt(m)); w = m / h; }
			TransitionMatrix r = smoothWalk(h, w, 6, 7);
			AffinityGraph gr = AffinityGraph.build(r, GraphKind.DOT, 1, device);
			NormalizedCut factoredCut = NormalizedCut.builder().products(DjlFactorProducts.preferred(gr)).build();
			SplitTree[] fast = new SplitTree[1];
			double iterative = best(() -> fast[0] = factoredCut.grow(gr, Progress.NONE, Cancel.NEVER));
			DenseFiedlerSolver ejml = new DenseFiedlerSolver();
			long start = System.nanoTime();
			SplitTree slow = NormalizedCut.builder().solver(ejml).operators(ejml).build().grow(gr.weights(), m,
				GraphKind.DOT, Progress.NONE, Cancel.NEVER);
			double denseTime = (System.nanoTime() - start) / 1e9;
			out.printf(Locale.ROOT, "  n = %d (%dx%d): dense EJML eig %.2f s, factored iterative %.3f s, ratio %.0fx; " +
				"same partition: %s%n", m, h, w, denseTime, iterative, denseTime / iterative,
				slow.partition().sameSegments(fast[0].partition()));
		}
		return 0;
	}

	private static void stage(PrintWriter out, String name, double seconds, double reference, String note) {
		out.printf(Locale.ROOT, "  %-26s %8.3f s = %7.3f x reference%s%n", name, seconds, seconds / reference, note);
	}

	/** One n² mat-vec of each kind: the factored Gram operator and the dense A x, in Java and on DJL. */
	private void matVecs(PrintWriter out, AffinityGraph g, Device device) {
		float[] a = g.weights();
		double[] x = new double[n], y = new double[n], r = new double[n];
		Arrays.fill(x, 1.0 / n);
		Arrays.fill(r, 1);
		try (FactorProducts java = new JavaFactorProducts(g.factor().data(), n, n);
			FactorProducts djl = new DjlFactorProducts(g.factor().data(), n, n, device);
			MatVec denseJava = new DenseMatVec(a, n); MatVec denseDjl = new DjlMatVec(a, n, device))
		{
			double fj = best(() -> { for (int i = 0; i < 20; i++) java.gram(r, x, y); }) / 20;
			double fd = best(() -> { for (int i = 0; i < 20; i++) djl.gram(r, x, y); }) / 20;
			double dj = best(() -> { for (int i = 0; i < 20; i++) denseJava.multiply(x, y); }) / 20;
			double dd = best(() -> { for (int i = 0; i < 20; i++) denseDjl.multiply(x, y); }) / 20;
			out.printf(Locale.ROOT, "  one %d^2 mat-vec: factored F^T D^-1 F x: Java %.2f ms, DJL %.2f ms; dense A x: " +
				"Java %.2f ms, DJL %.2f ms%n", n, fj * 1e3, fd * 1e3, dj * 1e3, dd * 1e3);
		}
	}

	private double best(Runnable r) {
		double best = Double.POSITIVE_INFINITY;
		for (int i = 0; i < Math.max(1, repeat); i++) {
			long start = System.nanoTime();
			r.run();
			best = Math.min(best, (System.nanoTime() - start) / 1e9);
		}
		return best;
	}

	/** Mat-vecs spent over the whole tree. */
	private static long matVecs(SplitTree tree) {
		long count = 0;
		Deque<SplitNode> stack = new ArrayDeque<>();
		stack.push(tree.root());
		while (!stack.isEmpty()) {
			SplitNode node = stack.pop();
			count += node.iterations();
			if (node.expanded()) {
				stack.push(node.first());
				stack.push(node.second());
			}
		}
		return count;
	}

	/**
	 * A spatially smooth {@link PlantedWalk}: regions the Voronoi cells of seeded centres, σ a tenth of the grid side,
	 * 0.1 across regions.
	 */
	static TransitionMatrix smoothWalk(int h, int w, int regions, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		int n = h * w;
		double[][] centres = new double[regions][];
		for (int c = 0; c < regions; c++) centres[c] = new double[] { r.nextDouble() * h, r.nextDouble() * w };
		int[] region = new int[n];
		for (int i = 0; i < n; i++) {
			int y = i / w, x = i % w, best = 0;
			for (int c = 1; c < regions; c++)
				if (Math.hypot(centres[c][0] - y, centres[c][1] - x) < Math.hypot(centres[best][0] - y, centres[best][1] - x)) best = c;
			region[i] = best;
		}
		return PlantedWalk.of(h, w, region, Math.max(h, w) / 10.0, 0.1, r);
	}
}
