package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.diffncut.Cancel;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.Factor;
import org.diffncut.graph.GraphKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.Device;

/**
 * The factored cut (A = F Fᵀ never formed) against the dense cut of the same graph (A formed by the float32 Gram
 * product, {@link AffinityGraph#weights()}), node by node: the same tree, the same members and, at every node the
 * tree was grown past, NCut, cut and T within 1e-6 relative and the same m, for both back ends (their degree
 * products run in double; measured worst 8e-8, against the float32 A of the dense path).
 * Leaves are compared by members only: at one leaf of the 64² dot graph the two paths score different best splits
 * of equal NCut (cut 274.1 against 270.8), which no partition sees. Every stopping rule, both sweeps, the dot and cosine graphs, both back ends of the
 * factored products; planted graphs of 16², 32² and 64² cells and the diffusers golden P of the tiny fixture.
 */
class FactoredCutTest {
	private static final double RELATIVE = 1e-6;
	private static final StoppingRule[] RULES = { StoppingRule.MANC_NCUT, StoppingRule.MANC_MINCUT,
		StoppingRule.ncut(0.6) };

	static Stream<Arguments> planted() {
		Stream.Builder<Arguments> cases = Stream.builder();
		for (GraphKind kind : new GraphKind[] { GraphKind.DOT, GraphKind.COSINE })
			for (int side : new int[] { 16, 32, 64 }) cases.add(Arguments.of(kind, side));
		return cases.build();
	}

	@ParameterizedTest(name = "{0} on {1}x{1}")
	@MethodSource("planted")
	void plantedGraphsCutExactlyAsTheDensePath(GraphKind kind, int side) {
		int[] regions = NormalizedCutTest.voronoi(side, 5, 17L * side);
		TransitionMatrix p = NormalizedCutTest.plantedWalk(regions, 0.1, 5L * side);
		AffinityGraph graph = AffinityGraph.build(p, kind, 1, Device.cpu());
		// Only the default rule at 64² keeps the run short; 16² and 32² take every rule and the even sweep.
		StoppingRule[] rules = side == 64 ? new StoppingRule[] { StoppingRule.MANC_NCUT } : RULES;
		for (StoppingRule rule : rules) {
			SplitTree tree = compareWithDense(graph, NormalizedCut.builder().stoppingRule(rule), kind + " " + rule.spec());
			if (rule == StoppingRule.MANC_NCUT) assertEquals(1.0, NormalizedCutTest.adjustedRandIndex(regions,
				tree.partition().labels()), 1e-12, "planted regions recovered");
		}
		if (side == 16) compareWithDense(graph, NormalizedCut.builder().sweep(SweepCut.Mode.EVEN, 50), kind + " even");
	}

	@Test
	void goldenAttentionCutsExactlyAsTheDensePath() {
		TransitionMatrix p = TransitionMatrix.square(Golden.floats("aggregated/diffseg_all"));
		for (GraphKind kind : new GraphKind[] { GraphKind.DOT, GraphKind.COSINE }) {
			AffinityGraph graph = AffinityGraph.build(p, kind, 1, Device.cpu());
			for (StoppingRule rule : RULES) compareWithDense(graph, NormalizedCut.builder().stoppingRule(rule),
				"golden " + kind + " " + rule.spec());
		}
	}

	@Test
	void twoStepWalkCutsExactlyAsTheDensePath() {
		int[] regions = NormalizedCutTest.voronoi(16, 4, 3);
		AffinityGraph graph = AffinityGraph.build(NormalizedCutTest.plantedWalk(regions, 0.1, 4), GraphKind.DOT, 2,
			Device.cpu());
		compareWithDense(graph, NormalizedCut.builder(), "k = 2");
	}

	/**
	 * Blocks that never attend to each other: A is exactly 0 between them, so m is not every pair. The first split
	 * separates blocks with NCut 0; m and T must match the dense count of positive entries at every node.
	 */
	@Test
	void disjointSupportsCountOnlyTheEdgesThatExist() {
		int[] regions = NormalizedCutTest.voronoi(16, 3, 8);
		AffinityGraph graph = AffinityGraph.build(NormalizedCutTest.plantedWalk(regions, 0, 9), GraphKind.DOT, 1,
			Device.cpu());
		SplitTree tree = compareWithDense(graph, NormalizedCut.builder(), "disjoint blocks");
		long expected = 0;
		int[] sizes = new int[3];
		for (int r : regions) sizes[r]++;
		for (int s : sizes) expected += (long) s * (s - 1) / 2;
		assertEquals(expected, tree.root().statistics().edges(), "m of the root: pairs inside the blocks only");
		assertEquals(0, tree.root().statistics().ncut(), 1e-7);
	}

	/** m against brute force over every pair, on a factor with many zeros (supports of one to a few words). */
	@Test
	void edgesOfRandomSparseFactorsMatchBruteForce() {
		SplittableRandom r = new SplittableRandom(4);
		for (int trial = 0; trial < 20; trial++) {
			int n = 10 + r.nextInt(40), c = 1 + r.nextInt(200);
			double density = r.nextDouble() * 0.05;
			float[] f = new float[n * c];
			for (int i = 0; i < f.length; i++) if (r.nextDouble() < density) f[i] = (float) r.nextDouble();
			int[] members = IntStream.range(0, n).filter(i -> r.nextBoolean()).toArray();
			long expected = 0;
			for (int a = 0; a < members.length; a++)
				for (int b = a + 1; b < members.length; b++) {
					double w = 0;
					for (int j = 0; j < c; j++) w += (double) f[members[a] * c + j] * f[members[b] * c + j];
					if (w > 0) expected++;
				}
			assertEquals(expected, new Factor(f, n, c).edges(members), "trial " + trial);
		}
	}

	/** Both back ends, the whole factor and row views of it (a view of a view too), against plain loops in double. */
	@Test
	void javaAndDjlProductsMatchBruteForce() {
		SplittableRandom r = new SplittableRandom(5);
		int n = 302, c = 257; // rows and columns that no unrolled loop divides
		float[] f = new float[n * c];
		for (int i = 0; i < f.length; i++) f[i] = (float) r.nextDouble();
		int[] all = IntStream.range(0, n).toArray();
		int[] some = IntStream.range(0, n).filter(i -> r.nextInt(3) > 0).toArray();
		int[] fewer = IntStream.range(0, some.length).filter(a -> a % 5 != 1).toArray();
		int[] someOfSome = Arrays.stream(fewer).map(a -> some[a]).toArray();
		int[] three = { 1, 4, 290 }; // fewer rows than one call of the Java dot kernels takes
		for (FactorProducts whole : new FactorProducts[] { new JavaFactorProducts(f, n, c),
			new DjlFactorProducts(f, n, c, Device.cpu()) })
			try (whole; FactorProducts view = whole.rows(some); FactorProducts viewOfView = view.rows(fewer);
				FactorProducts small = whole.rows(three))
			{
				assertProducts(f, c, all, whole, r, whole + " whole");
				assertProducts(f, c, some, view, r, whole + " view");
				assertProducts(f, c, someOfSome, viewOfView, r, whole + " view of a view");
				assertProducts(f, c, three, small, r, whole + " three rows");
			}
	}

	/** Closing a view (of every row: it shares the whole F on the device) releases what it made, never the whole F. */
	@Test
	void closingAViewLeavesTheWholeProductsIntact() {
		SplittableRandom r = new SplittableRandom(7);
		int n = 40, c = 33;
		float[] f = new float[n * c];
		for (int i = 0; i < f.length; i++) f[i] = (float) r.nextDouble();
		int[] all = IntStream.range(0, n).toArray(), half = IntStream.range(0, n / 2)
			.toArray();
		for (FactorProducts whole : new FactorProducts[] { new JavaFactorProducts(f, n, c),
			new DjlFactorProducts(f, n, c, Device.cpu()) })
			try (whole) {
				for (int[] members : new int[][] { all, half })
					try (FactorProducts view = whole.rows(members)) {
						assertProducts(f, c, members, view, r, whole + " view");
					}
				assertProducts(f, c, all, whole, r, whole + " after its views closed");
			}
	}

	/** F x, Fᵀ x and Fᵀ diag(r) F x of {@code products} against plain loops over the rows {@code members} of f. */
	private static void assertProducts(float[] f, int c, int[] members, FactorProducts products, SplittableRandom r,
		String what)
	{
		int s = members.length;
		assertEquals(s, products.rows(), what);
		assertEquals(c, products.columns(), what);
		double[] xs = new double[s], xc = new double[c], weights = new double[s];
		for (int a = 0; a < s; a++) {
			xs[a] = r.nextDouble() - 0.5;
			weights[a] = r.nextDouble();
		}
		for (int j = 0; j < c; j++) xc[j] = r.nextDouble() - 0.5;
		double[] fx = new double[s], ftx = new double[c], gram = new double[c];
		for (int a = 0; a < s; a++) {
			int o = members[a] * c;
			double u = 0;
			for (int j = 0; j < c; j++) {
				fx[a] += f[o + j] * xc[j];
				ftx[j] += f[o + j] * xs[a];
			}
			for (int j = 0; j < c; j++) u += f[o + j] * xc[j];
			for (int j = 0; j < c; j++) gram[j] += weights[a] * u * f[o + j];
		}
		double[] y = new double[s], z = new double[c];
		products.multiply(xc, y);
		assertClose(fx, y, what + " F x");
		products.multiplyTransposed(xs, z);
		assertClose(ftx, z, what + " F^T x");
		products.gram(weights, xc, z);
		assertClose(gram, z, what + " F^T diag(r) F x");
	}

	/**
	 * On the CPU the products are plain Java (no native engine; {@code CutCommandTest} checks no DJL engine class
	 * loads), on a GPU DJL's on that device ({@code AttentionCutGpuTest}).
	 */
	@Test
	void aCpuGraphCutsWithPlainJavaProducts() {
		AffinityGraph graph = AffinityGraph.build(TransitionMatrix.square(Golden.floats("aggregated/diffseg_all")),
			GraphKind.DOT, 1, Device.cpu());
		try (FactorProducts products = DjlFactorProducts.preferred(graph).create(graph.factor().data(), graph.size(),
			graph.size()))
		{
			assertTrue(products instanceof JavaFactorProducts, products.toString());
		}
	}

	/** The factored Lanczos finds the eigenpair the dense one finds on W = F Fᵀ. */
	@Test
	void factoredFiedlerVectorEqualsTheDenseOne() {
		SplittableRandom r = new SplittableRandom(6);
		int n = 120, c = 80;
		float[] f = new float[n * c];
		for (int i = 0; i < f.length; i++) f[i] = (float) (r.nextDouble() * (i / c < n / 2 == (i % c < c / 2) ? 1 : 0.1));
		float[] w = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double v = 0;
				for (int k = 0; k < c; k++) v += (double) f[i * c + k] * f[j * c + k];
				w[i * n + j] = (float) v;
			}
		double[] d = TestGraphs.rowSums(w, n);
		IterativeFiedlerSolver solver = new IterativeFiedlerSolver(1e-10, 500);
		FiedlerVector dense = solver.symmetric(new DenseMatVec(w, n), d);
		double[] columnSums = new double[c];
		for (int k = 0; k < n * c; k++) columnSums[k % c] += f[k];
		FiedlerVector factored = solver.factored(new JavaFactorProducts(f, n, c), columnSums, d);
		assertTrue(factored.converged());
		assertEquals(dense.eigenvalue(), factored.eigenvalue(), 1e-6);
		double dot = 0, na = 0, nb = 0;
		for (int i = 0; i < n; i++) {
			dot += dense.values()[i] * factored.values()[i];
			na += dense.values()[i] * dense.values()[i];
			nb += factored.values()[i] * factored.values()[i];
		}
		assertEquals(1, dot / Math.sqrt(na * nb), 1e-5, "the same vector (same orientation)");
	}

	/** Cuts {@code graph} densely and factored (both back ends) and checks the trees agree node by node. */
	private static SplitTree compareWithDense(AffinityGraph graph, NormalizedCut.Builder options, String what) {
		SplitTree dense = options.build().grow(graph.weights(), graph.size(), graph.kind(), Progress.NONE, Cancel.NEVER);
		SplitTree java = options.products(JavaFactorProducts::new).build().grow(graph, Progress.NONE, Cancel.NEVER);
		SplitTree djl = options.products(DjlFactorProducts.on(Device.cpu())).build().grow(graph, Progress.NONE,
			Cancel.NEVER);
		assertSameTree(dense.root(), java.root(), RELATIVE, what + ", Java");
		assertSameTree(dense.root(), djl.root(), RELATIVE, what + ", DJL");
		assertArrayEquals(dense.partition().labels(), java.partition().labels(), what);
		return java;
	}

	private static void assertSameTree(SplitNode expected, SplitNode actual, double relative, String what) {
		String where = what + ", node of " + expected.size() + " cells at depth " + expected.depth();
		assertArrayEquals(expected.members(), actual.members(), where);
		assertEquals(expected.splittable(), actual.splittable(), where);
		assertEquals(expected.expanded(), actual.expanded(), where);
		if (expected.expanded()) {
			CutStatistics e = expected.statistics(), a = actual.statistics();
			assertRelative(e.ncut(), a.ncut(), relative, where + ": NCut");
			assertRelative(e.cut(), a.cut(), relative, where + ": cut");
			assertRelative(e.totalWeight(), a.totalWeight(), relative, where + ": T");
			assertEquals(e.edges(), a.edges(), where + ": m");
			assertSameTree(expected.first(), actual.first(), relative, what);
			assertSameTree(expected.second(), actual.second(), relative, what);
		}
	}

	private static void assertRelative(double expected, double actual, double relative, String what) {
		assertEquals(expected, actual, relative * Math.abs(expected) + relative, what); // absolute slack: weights are in walk units, mean degree 1
	}

	private static void assertClose(double[] expected, double[] actual, String what) {
		double scale = 0;
		for (double v : expected) scale = Math.max(scale, Math.abs(v));
		for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5 * scale, what + " [" + i + "]");
	}
}
