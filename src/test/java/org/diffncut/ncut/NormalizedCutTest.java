package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.GraphKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.Device;

/** Reference: planted partitions, compared by the adjusted Rand index (Hubert &amp; Arabie 1985). */
class NormalizedCutTest {
	@TempDir
	Path tmp;

	static Stream<Arguments> plantedCases() {
		Stream.Builder<Arguments> cases = Stream.builder();
		for (GraphKind kind : GraphKind.values())
			for (int side : new int[] { 16, 32 })
				for (int regions = 2; regions <= 6; regions++)
					cases.add(Arguments.of(kind, side, regions));
		return cases.build();
	}

	@ParameterizedTest(name = "{0} on {1}x{1}, {2} regions")
	@MethodSource("plantedCases")
	void recoversPlantedRegionsWithMancNcut(GraphKind kind, int side, int regions) {
		int[] planted = voronoi(side, regions, 1000L * side + regions);
		TransitionMatrix p = plantedWalk(planted, 0.05, 31L * side + regions);
		AffinityGraph graph = AffinityGraph.build(p, kind, 1, Device.cpu());
		SplitTree tree = NormalizedCut.builder().build().grow(graph, Progress.NONE, Cancel.NEVER);
		Partition found = tree.partition();
		assertEquals(regions, found.count());
		assertEquals(1.0, adjustedRandIndex(planted, found.labels()), 1e-12);
	}

	@Test
	void recoversPlantedRegionsWithATwoStepWalk() {
		int[] planted = voronoi(16, 4, 9);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 2), GraphKind.DOT, 2, Device.cpu());
		assertEquals(1.0, adjustedRandIndex(planted, NormalizedCut.builder().build()
			.grow(graph, Progress.NONE, Cancel.NEVER).partition().labels()), 1e-12);
	}

	/**
	 * Production sizes: a 64² grid is what every 512-px run cuts (4,096 nodes), and from {@value DjlMatVec#MIN_SIZE}
	 * nodes up {@link DjlMatVec#preferred} puts the dense path's mat-vec (the cross-check, and the walk graph) on the
	 * graph's DJL device. Reference: the planted regions,
	 * and the partition the plain-Java {@link DenseMatVec} operators cut on the same graph.
	 */
	@ParameterizedTest(name = "{0}x{0} grid")
	@ValueSource(ints = { 32, 64 })
	void djlOperatorsCutProductionSizedGraphsAsJavaDoes(int side) {
		int[] planted = voronoi(side, 4, 4000L + side);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 4100L + side), GraphKind.DOT, 1,
			Device.cpu());
		int[] onDevice = { 0 };
		MatVec.Factory preferred = DjlMatVec.preferred(graph);
		MatVec.Factory counting = (matrix, n) -> {
			MatVec op = preferred.create(matrix, n);
			if (op instanceof DjlMatVec) onDevice[0]++;
			return op;
		};
		Partition djl = NormalizedCut.builder().operators(counting).build().grow(graph.weights(), graph.size(),
			graph.kind(), Progress.NONE, Cancel.NEVER).partition();
		Partition java = NormalizedCut.builder().operators(DenseMatVec::new).build().grow(graph.weights(), graph.size(),
			graph.kind(), Progress.NONE, Cancel.NEVER).partition();
		assertTrue(onDevice[0] > 0, "no sub-graph went to DjlMatVec");
		assertEquals(4, djl.count());
		assertEquals(1.0, adjustedRandIndex(planted, djl.labels()), 1e-12);
		assertArrayEquals(java.labels(), djl.labels());
	}

	/** Labels from a kept tree at τ equal a fresh run at τ, also after a JSON round trip. */
	@Test
	void recutFromTheTreeEqualsAFreshRun() throws IOException {
		int[] planted = voronoi(16, 5, 77);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.2, 78), GraphKind.DOT, 1, Device.cpu());
		SplitTree deep = NormalizedCut.builder().stoppingRule(StoppingRule.ncut(1.2)).build()
			.grow(graph, Progress.NONE, Cancel.NEVER);
		Path file = tmp.resolve("tree.json");
		SplitTreeJson.write(deep, file);
		SplitTree loaded = SplitTreeJson.read(file);
		for (double tau : new double[] { 0.05, 0.2, 0.4, 0.7, 1.0, 1.2 }) {
			StoppingRule rule = StoppingRule.ncut(tau);
			Partition fresh = NormalizedCut.builder().stoppingRule(rule).build().grow(graph, Progress.NONE, Cancel.NEVER)
				.partition();
			Partition kept = deep.partition(rule);
			assertEquals(0, kept.truncated());
			assertArrayEquals(fresh.labels(), kept.labels(), "τ = " + tau);
			assertArrayEquals(fresh.labels(), loaded.partition(rule).labels(), "τ = " + tau + " after JSON");
		}
		Partition manc = NormalizedCut.builder().build().grow(graph, Progress.NONE, Cancel.NEVER).partition();
		SplitTree both = NormalizedCut.builder().stoppingRule(StoppingRule.MANC_NCUT.and(StoppingRule.ncut(1.2))).build()
			.grow(graph, Progress.NONE, Cancel.NEVER);
		assertArrayEquals(manc.labels(), both.partition(StoppingRule.MANC_NCUT).labels());
		assertEquals(deep.partition(StoppingRule.ncut(0.7)).count(), both.partition(StoppingRule.ncut(0.7)).count());
	}

	@Test
	void aTreeGrownShallowReportsTruncation() {
		int[] planted = voronoi(16, 4, 5);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 6), GraphKind.DOT, 1, Device.cpu());
		SplitTree shallow = NormalizedCut.builder().stoppingRule(StoppingRule.ncut(0)).build()
			.grow(graph, Progress.NONE, Cancel.NEVER);
		Partition p = shallow.partition(StoppingRule.MANC_NCUT);
		assertEquals(1, p.count());
		assertEquals(1, p.truncated());
	}

	@Test
	void minimumSizeAndDepthGuards() {
		int[] planted = voronoi(16, 6, 15);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 16), GraphKind.DOT, 1, Device.cpu());
		Partition shallow = NormalizedCut.builder().maxDepth(1).build().grow(graph, Progress.NONE, Cancel.NEVER).partition();
		assertEquals(2, shallow.count());
		SplitTree big = NormalizedCut.builder().minSize(60).stoppingRule(StoppingRule.ncut(2.5)).build()
			.grow(graph, Progress.NONE, Cancel.NEVER);
		int[] sizes = new int[big.partition().count()];
		for (int label : big.partition().labels()) sizes[label]++;
		for (int s : sizes) assertEquals(true, s >= 60, "segment of " + s + " cells under the minimum size 60");
	}

	/** The dense-decomposition baseline of bench-ncut, on the dense A, cuts the same tree as the factored iterative cut. */
	@Test
	void denseBaselineGivesTheSamePartition() {
		int[] planted = voronoi(16, 5, 21);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 22), GraphKind.DOT, 1, Device.cpu());
		DenseFiedlerSolver dense = new DenseFiedlerSolver();
		StoppingRule deep = StoppingRule.ncut(0.9);
		Partition baseline = NormalizedCut.builder().stoppingRule(deep).solver(dense).operators(dense).build()
			.grow(graph.weights(), graph.size(), GraphKind.DOT, Progress.NONE, Cancel.NEVER).partition();
		Partition iterative = NormalizedCut.builder().stoppingRule(deep).build().grow(graph, Progress.NONE, Cancel.NEVER)
			.partition();
		assertEquals(5, baseline.count());
		assertArrayEquals(baseline.labels(), iterative.labels());
	}

	@Test
	void cancelStopsTheRecursion() {
		int[] planted = voronoi(16, 3, 1);
		AffinityGraph graph = AffinityGraph.build(plantedWalk(planted, 0.05, 2), GraphKind.DOT, 1, Device.cpu());
		assertThrows(CancellationException.class, () -> NormalizedCut.builder().build().grow(graph, Progress.NONE, () -> true));
	}

	/** Regions: nearest of {@code regions} seeded random centres on a side×side grid (every region non-empty). */
	static int[] voronoi(int side, int regions, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		while (true) {
			double[][] centres = new double[regions][];
			for (int c = 0; c < regions; c++) centres[c] = new double[] { r.nextDouble() * side, r.nextDouble() * side };
			int[] labels = new int[side * side];
			int[] counts = new int[regions];
			for (int y = 0; y < side; y++)
				for (int x = 0; x < side; x++) {
					int best = 0;
					for (int c = 1; c < regions; c++)
						if (dist(centres[c], x, y) < dist(centres[best], x, y)) best = c;
					labels[y * side + x] = best;
					counts[best]++;
				}
			if (Arrays.stream(counts).allMatch(c -> c >= 8)) return labels;
		}
	}

	private static double dist(double[] c, int x, int y) {
		return Math.hypot(c[0] - x - 0.5, c[1] - y - 0.5);
	}

	/**
	 * A block random walk: from a cell of region r the walk stays in r with probability 1 − leak and leaves
	 * with probability leak, each spread over the target cells in proportion to 1 + u, u uniform in [0, 0.5).
	 */
	static TransitionMatrix plantedWalk(int[] labels, double leak, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		int n = labels.length, side = (int) Math.round(Math.sqrt(n));
		float[] p = new float[n * n];
		double[] row = new double[n];
		for (int i = 0; i < n; i++) {
			double inside = 0, outside = 0;
			for (int j = 0; j < n; j++) {
				row[j] = 1 + 0.5 * r.nextDouble();
				if (labels[i] == labels[j]) inside += row[j];
				else outside += row[j];
			}
			for (int j = 0; j < n; j++)
				p[i * n + j] = (float) (labels[i] == labels[j] ? (1 - leak) * row[j] / inside : leak * row[j] / outside);
		}
		return TransitionMatrix.of(p, side, side);
	}

	static double adjustedRandIndex(int[] a, int[] b) {
		int ka = Arrays.stream(a).max().getAsInt() + 1, kb = Arrays.stream(b).max().getAsInt() + 1;
		long[][] table = new long[ka][kb];
		long[] rows = new long[ka], cols = new long[kb];
		for (int i = 0; i < a.length; i++) {
			table[a[i]][b[i]]++;
			rows[a[i]]++;
			cols[b[i]]++;
		}
		double index = 0, sumRows = 0, sumCols = 0;
		for (long[] row : table)
			for (long v : row) index += pairs(v);
		for (long v : rows) sumRows += pairs(v);
		for (long v : cols) sumCols += pairs(v);
		double expected = sumRows * sumCols / pairs(a.length);
		double max = 0.5 * (sumRows + sumCols);
		return max == expected ? 1 : (index - expected) / (max - expected);
	}

	private static double pairs(long n) {
		return n * (n - 1) / 2.0;
	}
}
