package org.diffncut.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.PowerWalk;
import org.diffncut.image.Window;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/**
 * Reference: the naive computation, which interpolates every output pixel's full N-dimensional feature
 * (half-pixel centres, edge clamp, as PyTorch's bilinear align_corners=False) and takes the segment of highest
 * cosine similarity.
 */
class LabelUpsamplerTest {
	@Test
	void equalsTheNaiveFeatureVolume() {
		int gh = 4, gw = 5, n = gh * gw, k = 4;
		TransitionMatrix p = randomWalk(gh, gw, 3);
		int[] grid = randomLabels(n, k, 4);
		PowerWalk walk = PowerWalk.of(p, 1, Device.cpu());
		float[] scores = walk.segmentScores(grid, k);
		for (Window window : new Window[] { Window.full(9, 7), Window.centerCrop(9, 7), Window.pad(9, 7) })
			for (int[] size : new int[][] { { 9, 7 }, { 3, 2 }, { 23, 17 } }) {
				Window w = size[0] == 9 ? window : Window.full(size[0], size[1]);
				LabelImage ours = LabelUpsampler.upsample(scores, k, gh, gw, w, size[0], size[1]);
				LabelImage naive = naive(p.data(), gh, gw, grid, k, w, size[0], size[1]);
				assertEquals(naive.count(), ours.count());
				assertArrayEquals(naive.labels(), ours.labels(), window + " at " + size[0] + "x" + size[1]);
			}
	}

	/**
	 * A smooth walk cut into four blocks: most cells share their best segment with their neighbours (pixels between
	 * them skip the comparison), cells along the block borders do not; both kinds must match the naive volume.
	 */
	@Test
	void pixelsBetweenAgreeingCellsEqualTheNaiveFeatureVolume() {
		int gh = 10, gw = 12, n = gh * gw, k = 4;
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int j = 0; j < n; j++) {
				double dy = i / gw - j / gw, dx = i % gw - j % gw;
				sum += p[i * n + j] = (float) Math.exp(-(dy * dy + dx * dx) / 8);
			}
			for (int j = 0; j < n; j++) p[i * n + j] /= sum;
		}
		TransitionMatrix walk = TransitionMatrix.of(p, gh, gw);
		int[] grid = new int[n];
		for (int i = 0; i < n; i++) grid[i] = (i / gw < 4 ? 0 : 2) + (i % gw < 7 ? 0 : 1); // off-centre: no mirror ties
		float[] scores = PowerWalk.of(walk, 1, Device.cpu()).segmentScores(grid, k);
		int agreeing = 0, cells = 0;
		for (int y = 0; y + 1 < gh; y++)
			for (int x = 0; x + 1 < gw; x++, cells++)
				if (best(scores, k, n, y * gw + x) == best(scores, k, n, y * gw + x + 1) &&
					best(scores, k, n, y * gw + x) == best(scores, k, n, (y + 1) * gw + x) &&
					best(scores, k, n, y * gw + x) == best(scores, k, n, (y + 1) * gw + x + 1)) agreeing++;
		assertTrue(agreeing > cells / 2 && agreeing < cells, agreeing + " of " + cells + " cells agree");
		for (Window w : new Window[] { Window.full(61, 47), Window.centerCrop(61, 47), Window.pad(61, 47) }) {
			LabelImage ours = LabelUpsampler.upsample(scores, k, gh, gw, w, 61, 47);
			assertArrayEquals(naive(p, gh, gw, grid, k, w, 61, 47).labels(), ours.labels(), w.toString());
		}
	}

	/** Exact ties between segments go to the lower id, whether the corners agree or not. */
	@Test
	void tiesGoToTheLowerId() {
		// 1×2 grid; segments 1 and 2 have the same scores, and beat segment 0 at both cells
		LabelImage agree = LabelUpsampler.upsample(new float[] { 0, 0, 1, 1, 1, 1 }, 3, 1, 2, Window.full(4, 1), 4, 1);
		assertArrayEquals(new short[] { 0, 0, 0, 0 }, agree.labels());
		assertEquals(1, agree.source(0), "segment 1, not its twin 2");
		// the cells disagree (segment 0 wins the first); segments 1 and 2 tie wherever they win
		LabelImage differ = LabelUpsampler.upsample(new float[] { 2, 0, 1, 1, 1, 1 }, 3, 1, 2, Window.full(4, 1), 4, 1);
		assertArrayEquals(new short[] { 0, 0, 1, 1 }, differ.labels()); // two pixels each: the lower id is label 0
		assertEquals(1, differ.source(1), "segment 1, not its twin 2");
	}

	private static int best(float[] scores, int k, int n, int cell) {
		int best = 0;
		for (int s = 1; s < k; s++)
			if (scores[s * n + cell] > scores[best * n + cell]) best = s;
		return best;
	}

	@Test
	void scoresAreCosinesUpToTheCellNorm() {
		scoresAreCosines(3, 3, new int[] { 0, 0, 1, 1, 2, 2, 0, 1, 2 }, 3);
		// more cells than one block of columns of the means, and a last block of fewer than eight rows of scores
		scoresAreCosines(23, 25, randomLabels(23 * 25, 5, 9), 5);
	}

	private static void scoresAreCosines(int gh, int gw, int[] grid, int k) {
		int n = gh * gw;
		TransitionMatrix p = randomWalk(gh, gw, 8);
		float[] scores = PowerWalk.of(p, 1, Device.cpu()).segmentScores(grid, k);
		double[][] means = means(p.data(), n, grid, k);
		for (int s = 0; s < k; s++)
			for (int i = 0; i < n; i++) {
				double dot = 0;
				for (int j = 0; j < n; j++) dot += p.data()[i * n + j] * means[s][j];
				assertEquals(dot / norm(means[s]), scores[s * n + i], 1e-6);
			}
	}

	/** Hand-worked: 1×2 grid, two segments, output 4×1: pixel centres at grid x = −0.25, 0.25, 0.75, 1.25. */
	@Test
	void numbersSegmentsBySizeAndDropsEmptyOnes() {
		float[] scores = { 1, 0, /* segment 1 */ 0, 1, /* segment 2 never wins */ -1, -1 };
		LabelImage labels = LabelUpsampler.upsample(scores, 3, 1, 2, Window.full(4, 1), 4, 1);
		assertEquals(2, labels.count());
		// seg 0 wins where (1 − x) > x, i.e. x < 0.5: pixels 0 and 1; a tie would go to the lower id
		assertArrayEquals(new short[] { 0, 0, 1, 1 }, labels.labels());
		LabelImage bigger = LabelUpsampler.upsample(new float[] { 1, 0.9f, 0, 1 }, 2, 1, 2, Window.full(4, 1), 4, 1);
		// seg 0 score 1 − 0.1x, seg 1 score x: seg 0 wins while x < 0.909: three pixels, so it stays label 0
		assertArrayEquals(new short[] { 0, 0, 0, 1 }, bigger.labels());
		// raw segment 1 (score 1 − 0.1x) beats segment 0 (score x) on three pixels, so raw 1 becomes label 0
		LabelImage swapped = LabelUpsampler.upsample(new float[] { 0, 1, 1, 0.9f }, 2, 1, 2, Window.full(4, 1), 4, 1);
		assertArrayEquals(new short[] { 0, 0, 0, 1 }, swapped.labels(), "the larger segment gets label 0");
	}

	static LabelImage naive(float[] f, int gh, int gw, int[] grid, int k, Window window, int width, int height) {
		int n = gh * gw;
		double[][] means = means(f, n, grid, k);
		int[] raw = new int[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double gy = Math.max(0, Math.min(gh - 1, window.gridY(y, gh)));
				double gx = Math.max(0, Math.min(gw - 1, window.gridX(x, gw)));
				int y0 = (int) gy, x0 = (int) gx, y1 = Math.min(y0 + 1, gh - 1), x1 = Math.min(x0 + 1, gw - 1);
				double fy = gy - y0, fx = gx - x0;
				double[] feature = new double[n];
				for (int j = 0; j < n; j++)
					feature[j] = (1 - fy) * ((1 - fx) * f[(y0 * gw + x0) * n + j] + fx * f[(y0 * gw + x1) * n + j]) +
						fy * ((1 - fx) * f[(y1 * gw + x0) * n + j] + fx * f[(y1 * gw + x1) * n + j]);
				int best = 0;
				double bestCos = Double.NEGATIVE_INFINITY;
				for (int s = 0; s < k; s++) {
					double dot = 0;
					for (int j = 0; j < n; j++) dot += feature[j] * means[s][j];
					double cos = dot / (norm(feature) * norm(means[s]));
					if (cos > bestCos) {
						bestCos = cos;
						best = s;
					}
				}
				raw[y * width + x] = best;
			}
		return LabelUpsampler.bySize(raw, null, k, width, height);
	}

	private static double[][] means(float[] f, int n, int[] grid, int k) {
		double[][] means = new double[k][n];
		int[] sizes = new int[k];
		for (int i = 0; i < n; i++) {
			sizes[grid[i]]++;
			for (int j = 0; j < n; j++) means[grid[i]][j] += f[i * n + j];
		}
		for (int s = 0; s < k; s++)
			for (int j = 0; j < n; j++) means[s][j] /= sizes[s];
		return means;
	}

	private static double norm(double[] v) {
		double s = 0;
		for (double x : v) s += x * x;
		return Math.sqrt(s);
	}

	static TransitionMatrix randomWalk(int gh, int gw, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		int n = gh * gw;
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int j = 0; j < n; j++) sum += p[i * n + j] = (float) Math.pow(r.nextDouble(), 3);
			for (int j = 0; j < n; j++) p[i * n + j] /= sum;
		}
		return TransitionMatrix.of(p, gh, gw);
	}

	private static int[] randomLabels(int n, int k, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) labels[i] = i < k ? i : r.nextInt(k);
		return labels;
	}
}
