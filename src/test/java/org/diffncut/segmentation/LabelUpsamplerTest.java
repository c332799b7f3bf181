package org.diffncut.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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
		float[] p = smoothWalk(gh, gw);
		for (boolean reversed : new boolean[] { false, true }) {
			int[] grid = blocks(gh, gw, reversed);
			float[] scores = PowerWalk.of(TransitionMatrix.of(p, gh, gw), 1, Device.cpu()).segmentScores(grid, k);
			assertSomeButNotAllAgree(scores, k, gh, gw, null);
			for (Window w : new Window[] { Window.full(61, 47), Window.centerCrop(61, 47), Window.pad(61, 47) }) {
				LabelImage ours = LabelUpsampler.upsample(scores, k, gh, gw, w, 61, 47);
				assertArrayEquals(naive(p, gh, gw, grid, k, w, 61, 47).labels(), ours.labels(), w + (reversed ? ", reversed" : ""));
			}
		}
	}

	/**
	 * The foreground of an image only (a skull-stripped slice), as {@code ForegroundCut} runs it: the walk restricted
	 * to the foreground cells, and each foreground pixel's feature interpolated from its foreground corners, weights
	 * renormalised. Background cells get huge scores for the last segment: any read of them changes the labels.
	 */
	@Test
	void maskedPixelsEqualTheNaiveVolumeOfTheirForegroundCorners() {
		int width = 61, height = 47;
		boolean[] pixels = new boolean[width * height];
		for (int y = 0; y < height; y++) // an off-centre ellipse, as a brain lies in its slice
			for (int x = 0; x < width; x++)
				pixels[y * width + x] = Math.pow((x - 33) / 24.0, 2) + Math.pow((y - 22) / 19.0, 2) <= 1;
		for (boolean reversed : new boolean[] { false, true })
			for (Window w : new Window[] { Window.full(width, height), Window.centerCrop(width, height), Window.pad(width, height) })
				maskedEqualsNaive(pixels, width, height, w, reversed);
	}

	private static void maskedEqualsNaive(boolean[] pixels, int width, int height, Window w, boolean reversed) {
		int gh = 10, gw = 12, n = gh * gw, k = 4;
		float[] whole = smoothWalk(gh, gw);
		int[] grid = blocks(gh, gw, reversed);
		boolean[] cells = LabelUpsampler.foregroundCells(pixels, width, height, w, gh, gw);
		for (int y = 0; y < height; y++) // the shortcut's premise: a foreground pixel's heaviest corner is foreground
			for (int x = 0; x < width; x++) {
				if (!pixels[y * width + x]) continue;
				double gy = Math.max(0, Math.min(gh - 1, w.gridY(y, gh))), gx = Math.max(0, Math.min(gw - 1, w.gridX(x, gw)));
				int y0 = (int) gy, x0 = (int) gx, y1 = Math.min(y0 + 1, gh - 1), x1 = Math.min(x0 + 1, gw - 1);
				double fy = gy - y0, fx = gx - x0, heaviest = Math.max(1 - fy, fy) * Math.max(1 - fx, fx);
				int[] corner = { y0 * gw + x0, y0 * gw + x1, y1 * gw + x0, y1 * gw + x1 };
				double[] weight = { (1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx };
				boolean found = false;
				for (int c = 0; c < 4; c++) found |= weight[c] == heaviest && cells[corner[c]];
				assertTrue(found, "pixel " + x + "," + y + ": no corner of largest weight is foreground");
			}
		int[] members = IntStream.range(0, n).filter(i -> cells[i]).toArray();
		int m = members.length;
		assertTrue(m > n / 3 && m < n, m + " foreground cells of " + n);
		float[] sub = new float[m * m], features = new float[n * m];
		int[] subGrid = new int[m];
		for (int a = 0; a < m; a++) { // the walk restricted to the foreground, rows renormalised
			double sum = 0;
			for (int b = 0; b < m; b++) sum += sub[a * m + b] = whole[members[a] * n + members[b]];
			for (int b = 0; b < m; b++) sub[a * m + b] /= sum;
			System.arraycopy(sub, a * m, features, members[a] * m, m);
			subGrid[a] = grid[members[a]];
		}
		float[] subScores = PowerWalk.of(TransitionMatrix.of(sub, m, 1), 1, Device.cpu()).segmentScores(subGrid, k);
		float[] scores = new float[k * n];
		for (int s = 0; s < k; s++)
			for (int i = 0; i < n; i++) scores[s * n + i] = cells[i] ? 0 : s == k - 1 ? 1e6f : -1e6f;
		for (int s = 0; s < k; s++)
			for (int a = 0; a < m; a++) scores[s * n + members[a]] = subScores[s * m + a];
		assertSomeButNotAllAgree(scores, k, gh, gw, cells);
		LabelImage ours = LabelUpsampler.upsample(scores, k, gh, gw, w, width, height, cells, pixels);
		LabelImage naive = naive(features, m, gh, gw, grid, k, w, width, height, cells, pixels);
		String where = w + (reversed ? ", reversed" : "");
		assertEquals(naive.count(), ours.count(), where);
		assertArrayEquals(naive.labels(), ours.labels(), where);
	}

	/** P_ij ∝ exp(−‖cell i − cell j‖² / 8): neighbouring cells have similar rows. */
	private static float[] smoothWalk(int gh, int gw) {
		int n = gh * gw;
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int j = 0; j < n; j++) {
				double dy = i / gw - j / gw, dx = i % gw - j % gw;
				sum += p[i * n + j] = (float) Math.exp(-(dy * dy + dx * dx) / 8);
			}
			for (int j = 0; j < n; j++) p[i * n + j] /= sum;
		}
		return p;
	}

	/**
	 * Four segments 0..3 (or 3..0) split by two crossing diagonals, off centre and at slopes other than ±1 (no mirror
	 * ties): the cells along a diagonal step, so some pixels have three corners alike and the fourth, of lower id in
	 * one of the two orders, not; each of the four corners is that odd one somewhere.
	 */
	private static int[] blocks(int gh, int gw, boolean reversed) {
		int[] grid = new int[gh * gw];
		for (int i = 0; i < grid.length; i++) {
			int y = i / gw, x = i % gw, id = (y + 0.8 * x < 8.3 ? 0 : 2) + (y - 1.2 * x < -3.1 ? 1 : 0);
			grid[i] = reversed ? 3 - id : id;
		}
		return grid;
	}

	/** Both kinds of pixels occur: more than half of the 2×2 cell squares (foreground ones) agree, not all. */
	private static void assertSomeButNotAllAgree(float[] scores, int k, int gh, int gw, boolean[] cells) {
		int n = gh * gw, agreeing = 0, squares = 0;
		for (int y = 0; y + 1 < gh; y++)
			for (int x = 0; x + 1 < gw; x++) {
				int[] corners = { y * gw + x, y * gw + x + 1, (y + 1) * gw + x, (y + 1) * gw + x + 1 };
				if (cells != null && !(cells[corners[0]] && cells[corners[1]] && cells[corners[2]] && cells[corners[3]]))
					continue;
				squares++;
				if (Arrays.stream(corners).map(c -> best(scores, k, n, c)).distinct().count() == 1) agreeing++;
			}
		assertTrue(agreeing > squares / 2 && agreeing < squares, agreeing + " of " + squares + " squares agree");
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
		return naive(f, gh * gw, gh, gw, grid, k, window, width, height, null, null);
	}

	/**
	 * @param f a feature of length {@code dim} for every cell, row-major (those of background cells unread)
	 * @param cells the foreground cells, or null for all; a pixel's feature comes from its foreground corners only
	 * @param pixels the foreground pixels, or null for all; the others hold 0
	 */
	static LabelImage naive(float[] f, int dim, int gh, int gw, int[] grid, int k, Window window, int width,
		int height, boolean[] cells, boolean[] pixels)
	{
		double[][] means = new double[k][dim];
		int[] sizes = new int[k];
		for (int i = 0; i < gh * gw; i++) {
			if (cells != null && !cells[i]) continue;
			sizes[grid[i]]++;
			for (int j = 0; j < dim; j++) means[grid[i]][j] += f[i * dim + j];
		}
		int[] raw = new int[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				if (pixels != null && !pixels[y * width + x]) continue;
				double gy = Math.max(0, Math.min(gh - 1, window.gridY(y, gh)));
				double gx = Math.max(0, Math.min(gw - 1, window.gridX(x, gw)));
				int y0 = (int) gy, x0 = (int) gx, y1 = Math.min(y0 + 1, gh - 1), x1 = Math.min(x0 + 1, gw - 1);
				double fy = gy - y0, fx = gx - x0;
				int[] corner = { y0 * gw + x0, y0 * gw + x1, y1 * gw + x0, y1 * gw + x1 };
				double[] weight = { (1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx };
				double total = 0;
				for (int c = 0; c < 4; c++) total += weight[c] = cells == null || cells[corner[c]] ? weight[c] : 0;
				double[] feature = new double[dim];
				for (int c = 0; c < 4; c++)
					for (int j = 0; j < dim; j++) feature[j] += weight[c] / total * f[corner[c] * dim + j];
				int best = 0;
				double bestCos = Double.NEGATIVE_INFINITY;
				for (int s = 0; s < k; s++) {
					double dot = 0;
					for (int j = 0; j < dim; j++) dot += feature[j] * means[s][j] / sizes[s];
					double cos = dot / (norm(feature) * norm(means[s]) / sizes[s]);
					if (cos > bestCos) {
						bestCos = cos;
						best = s;
					}
				}
				raw[y * width + x] = best;
			}
		return LabelUpsampler.bySize(raw, pixels, k, width, height);
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
