package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.GraphKind;
import org.diffncut.image.Window;
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
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.Timings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code diffncut bench-ncut}: times every stage after the attention matrix on a synthetic, spatially smooth
 * random walk, then measures the iterative cut against the dense-eigendecomposition baseline in the same run.
 */
@Command(name = "bench-ncut", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Benchmark graph, Fiedler vector, sweep, recursion and upsampling on a synthetic smooth random " +
		"walk, and the iterative eigen-solver against a dense EJML eigen-decomposition.")
final class BenchNcutCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--n", defaultValue = "4096", description = "Grid cells (a square grid). Default: ${DEFAULT-VALUE}.")
	int n;

	@Option(names = "--threads", description = "CPU threads for Java and PyTorch. Default: all cores.")
	Integer threads;

	@Option(names = "--size", defaultValue = "512", description = "Side of the upsampled label image. Default: ${DEFAULT-VALUE}.")
	int size;

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
		TransitionMatrix p = smoothWalk(side, side, 6, 42);
		var device = this.device.device.cutDevice(-1);
		out.printf("bench-ncut: n = %d (%dx%d grid), %d cores, device %s%n", n, side, side,
			Runtime.getRuntime().availableProcessors(), device);

		// Factored: A = F Fᵀ is never formed.
		FactorProducts.Factory products = device.isGpu() ? DjlFactorProducts.on(device) : JavaFactorProducts::new;
		NormalizedCut factoredCut = NormalizedCut.builder().products(products).build();
		AffinityGraph.build(p, GraphKind.DOT, 1, device); // warm-up: JIT
		double graph = best(() -> AffinityGraph.build(p, GraphKind.DOT, 1, device));
		AffinityGraph g = AffinityGraph.build(p, GraphKind.DOT, 1, device);
		SplitTree[] tree = new SplitTree[1];
		double recursion = best(() -> tree[0] = factoredCut.grow(g, Progress.NONE, Cancel.NEVER));
		Segmentation[] seg = new Segmentation[1];
		double upsample = best(() -> seg[0] = Segmentation.of(g.walk(), tree[0], tree[0].grownWith(), Window.full(size, size),
			size, size, new Timings()));
		out.printf("factored (A = F F^T never formed, %s products):%n", device.isGpu() ? "DJL" : "Java");
		out.printf("  graph (factor F = P)         %8.3f s%n", graph);
		out.printf("  recursion (whole tree)       %8.3f s  (%d segments, %d mat-vecs)%n", recursion,
			tree[0].partition().count(), matVecs(tree[0]));
		out.printf("  upsample to %dx%d          %8.3f s%n", size, size, upsample);
		out.printf("  graph + ncut + upsample      %8.3f s%n", graph + recursion + upsample);

		// Dense: the Gram matrix on DJL, then the same recursion on it.
		float[] a = g.weights(); // warm-up: engine start
		double gram = best(() -> AffinityGraph.build(p, GraphKind.DOT, 1, device).weights());
		NormalizedCut denseCut = NormalizedCut.builder().operators(DjlMatVec.preferred(g)).build();
		SplitTree[] denseTree = new SplitTree[1];
		double denseRecursion = best(() -> denseTree[0] = denseCut.grow(a, n, GraphKind.DOT, Progress.NONE, Cancel.NEVER));
		out.printf("dense (A = P P^T formed on DJL):%n");
		out.printf("  graph (Gram matrix)          %8.3f s%n", gram);
		out.printf("  recursion (whole tree)       %8.3f s  (%d segments, %d mat-vecs)%n", denseRecursion,
			denseTree[0].partition().count(), matVecs(denseTree[0]));
		out.printf("  graph + ncut + upsample      %8.3f s%n", gram + denseRecursion + upsample);
		out.printf("factored vs dense: %.1fx faster; same partition: %s; largest relative NCut difference %.1e%n",
			(gram + denseRecursion) / (graph + recursion),
			java.util.Arrays.equals(tree[0].partition().labels(), denseTree[0].partition().labels()),
			largestNcutDifference(tree[0].root(), denseTree[0].root()));

		double[] x = new double[n], y = new double[n];
		java.util.Arrays.fill(x, 1.0 / n);
		double[] r = new double[n];
		java.util.Arrays.fill(r, 1);
		try (FactorProducts java = new JavaFactorProducts(g.factor().data(), n, n);
			FactorProducts djl = new DjlFactorProducts(g.factor().data(), n, n, device);
			MatVec denseJava = new DenseMatVec(a, n); MatVec denseDjl = new DjlMatVec(a, n, device))
		{
			double fj = best(() -> { for (int i = 0; i < 20; i++) java.gram(r, x, y); }) / 20;
			double fd = best(() -> { for (int i = 0; i < 20; i++) djl.gram(r, x, y); }) / 20;
			double dj = best(() -> { for (int i = 0; i < 20; i++) denseJava.multiply(x, y); }) / 20;
			double dd = best(() -> { for (int i = 0; i < 20; i++) denseDjl.multiply(x, y); }) / 20;
			out.printf("  one %d^2 mat-vec: factored F^T D^-1 F x: Java %.2f ms, DJL %.2f ms; dense A x: Java %.2f ms, " +
				"DJL %.2f ms%n", n, fj * 1e3, fd * 1e3, dj * 1e3, dd * 1e3);
		}

		for (int m : baseline) {
			if (m <= 0) continue;
			int h = (int) Math.round(Math.sqrt(m / 2.0)) , w = m / h;
			if (h * w != m) { h = (int) Math.round(Math.sqrt(m)); w = m / h; }
			TransitionMatrix q = smoothWalk(h, w, 6, 7);
			AffinityGraph gq = AffinityGraph.build(q, GraphKind.DOT, 1, device);
			SplitTree[] fast = new SplitTree[1];
			double iterative = best(() -> fast[0] = factoredCut.grow(gq, Progress.NONE, Cancel.NEVER));
			DenseFiedlerSolver dense = new DenseFiedlerSolver();
			long start = System.nanoTime();
			SplitTree slow = NormalizedCut.builder().solver(dense).operators(dense).build().grow(gq.weights(), m,
				GraphKind.DOT, Progress.NONE, Cancel.NEVER);
			double denseTime = (System.nanoTime() - start) / 1e9;
			out.printf("  n = %d (%dx%d): dense EJML eig %.2f s, factored iterative %.3f s, ratio %.0fx; same partition: %s%n", m, h, w,
				denseTime, iterative, denseTime / iterative,
				java.util.Arrays.equals(slow.partition().labels(), fast[0].partition().labels()));
		}
		return 0;
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
		java.util.Deque<SplitNode> stack = new java.util.ArrayDeque<>();
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

	/** Largest |a − b| / |b| of the NCut values of two trees, node by node, while their shapes agree. */
	private static double largestNcutDifference(SplitNode a, SplitNode b) {
		if (a.statistics() == null || b.statistics() == null) return 0;
		double d = Math.abs(a.statistics().ncut() - b.statistics().ncut()) / Math.abs(b.statistics().ncut());
		if (a.expanded() && b.expanded()) d = Math.max(d, Math.max(largestNcutDifference(a.first(), b.first()),
			largestNcutDifference(a.second(), b.second())));
		return d;
	}

	/**
	 * A spatially smooth random walk with planted regions: P(i, j) ∝ exp(−d²/2σ²) · (1 if i and j share a region
	 * else 0.1) · (1 + u/2), with σ = a tenth of the grid side, regions the Voronoi cells of seeded centres.
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
		double sigma = Math.max(h, w) / 10.0;
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			int yi = i / w, xi = i % w;
			double sum = 0;
			for (int j = 0; j < n; j++) {
				int dy = yi - j / w, dx = xi - j % w;
				double v = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma)) * (region[i] == region[j] ? 1 : 0.1) *
					(1 + 0.5 * r.nextDouble());
				p[i * n + j] = (float) v;
				sum += v;
			}
			for (int j = 0; j < n; j++) p[i * n + j] = (float) (p[i * n + j] / sum);
		}
		return TransitionMatrix.of(p, h, w);
	}
}
