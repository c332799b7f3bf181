package org.diffncut.segmentation;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.diffncut.image.Window;

/**
 * Brings grid segments to any output size. Every output pixel takes the segment whose mean feature m_s has the
 * highest cosine similarity to the pixel's feature f, bilinearly interpolated from the grid (half-pixel centres,
 * edge clamp). Since ‖f‖ is common to all segments, the argmax only needs f · m_s/‖m_s‖, which is linear in f:
 * interpolating the K grid score maps S(s, cell) = f_cell · m_s/‖m_s‖ gives the same argmax without ever building
 * an H×W×N feature volume. Cost O(H·W·K) at most, about O(H·W) where neighbouring cells agree ({@link #winners}),
 * with or without a foreground mask.
 */
public final class LabelUpsampler {
	private LabelUpsampler() {}

	/**
	 * @param scores K×(gridHeight·gridWidth) score maps, row-major, cell index row·gridWidth + col
	 * @param segments K
	 * @param window where the grid lies in the output image's pixel coordinates
	 */
	public static LabelImage upsample(float[] scores, int segments, int gridHeight, int gridWidth, Window window,
		int width, int height)
	{
		return upsample(scores, segments, gridHeight, gridWidth, window, width, height, null, null);
	}

	/**
	 * As above for the foreground of an image only: the scores of background cells are never read (each pixel
	 * interpolates over the foreground cells among its four neighbours, weights renormalised), and pixels outside
	 * {@code pixels} hold 0 and are not counted in the ordering by size (callers mask them).
	 *
	 * @param cells the foreground cells, as {@link #foregroundCells} chooses them from {@code pixels}; null for all
	 * @param pixels the foreground pixels, width × height row-major; null for all
	 */
	public static LabelImage upsample(float[] scores, int segments, int gridHeight, int gridWidth, Window window,
		int width, int height, boolean[] cells, boolean[] pixels)
	{
		int n = gridHeight * gridWidth;
		if ((long) segments * n != scores.length) throw new IllegalArgumentException(scores.length +
			" scores for " + segments + " segments of " + n + " cells");
		if (segments > 65536) throw new IllegalArgumentException(segments + " segments do not fit 16-bit labels");
		int[] x0 = new int[width], x1 = new int[width];
		double[] fx = new double[width];
		for (int x = 0; x < width; x++) {
			double g = clamp(window.gridX(x, gridWidth), gridWidth);
			x0[x] = (int) g;
			x1[x] = Math.min(x0[x] + 1, gridWidth - 1);
			fx[x] = g - x0[x];
		}
		int[] raw = new int[width * height], winners = winners(scores, segments, n, cells);
		IntStream.range(0, height).parallel().forEach(y -> {
			double g = clamp(window.gridY(y, gridHeight), gridHeight);
			int y0 = (int) g, y1 = Math.min(y0 + 1, gridHeight - 1);
			double fy = g - y0;
			double[] row = new double[cells == null ? segments * gridWidth : 0]; // scores interpolated to this row
			if (cells == null) for (int s = 0; s < segments; s++)
				for (int c = 0; c < gridWidth; c++) {
					int o = s * n + c;
					row[s * gridWidth + c] = (1 - fy) * scores[o + y0 * gridWidth] + fy * scores[o + y1 * gridWidth];
				}
			for (int x = 0; x < width; x++) {
				if (pixels != null && !pixels[y * width + x]) continue;
				int best = agreed(winners, y0 * gridWidth + x0[x], y0 * gridWidth + x1[x], y1 * gridWidth + x0[x],
					y1 * gridWidth + x1[x]);
				if (best >= 0) {
					raw[y * width + x] = best; // what the corners agree on wins everywhere between them
					continue;
				}
				if (cells != null) {
					raw[y * width + x] = masked(scores, segments, n, gridWidth, cells, y0, y1, fy, x0[x], x1[x], fx[x]);
					continue;
				}
				double bestScore = Double.NEGATIVE_INFINITY;
				for (int s = 0, o = 0; s < segments; s++, o += gridWidth) {
					double v = (1 - fx[x]) * row[o + x0[x]] + fx[x] * row[o + x1[x]];
					if (v > bestScore) {
						bestScore = v;
						best = s;
					}
				}
				raw[y * width + x] = best;
			}
		});
		return bySize(raw, pixels, segments, width, height);
	}

	/**
	 * The best segment of every grid cell (the lowest id on ties), as the per-pixel argmax picks it; −1 for cells
	 * outside {@code cells} (null: none), whose scores are never read. A pixel whose corners (its foreground ones,
	 * when masked) have the same best segment s takes s without comparing its scores ({@link #agreed}): its score of
	 * each segment is the same non-negative combination of those corners' scores, s's is at least as high at every
	 * corner and higher than any lower id's, so s wins there too (up to rounding, which decides only between segments
	 * tied within it). Most pixels of an image lie between corners that agree, so upsampling costs about O(H·W)
	 * rather than O(H·W·K).
	 */
	private static int[] winners(float[] scores, int segments, int n, boolean[] cells) {
		int[] best = new int[n];
		for (int i = 0; i < n; i++) {
			if (cells != null && !cells[i]) {
				best[i] = -1;
				continue;
			}
			for (int s = 1; s < segments; s++)
				if (scores[s * n + i] > scores[best[i] * n + i]) best[i] = s;
		}
		return best;
	}

	/**
	 * The best segment the foreground corners a, b, c, d agree on, or −1 if they differ. A foreground pixel has at
	 * least one foreground corner of positive weight ({@link #foregroundCells}), so the combination is never empty.
	 */
	private static int agreed(int[] winners, int a, int b, int c, int d) {
		int s = Math.max(Math.max(winners[a], winners[b]), Math.max(winners[c], winners[d]));
		boolean agree = (winners[a] == s || winners[a] < 0) && (winners[b] == s || winners[b] < 0) &&
			(winners[c] == s || winners[c] < 0) && (winners[d] == s || winners[d] < 0);
		return agree ? s : -1;
	}

	/**
	 * The foreground cells of a grid laid over an image through {@code window}: every cell that holds the centre
	 * of a foreground pixel (the cell nearest to it, after the edge clamp). So every foreground pixel has a
	 * foreground cell among its four interpolation neighbours, the one of largest weight, and a cell counts
	 * however few of its pixels are foreground: the cut sees every foreground pixel's own cell.
	 */
	public static boolean[] foregroundCells(boolean[] pixels, int width, int height, Window window, int gridHeight,
		int gridWidth)
	{
		boolean[] cells = new boolean[gridHeight * gridWidth];
		for (int y = 0; y < height; y++) {
			int row = (int) Math.round(clamp(window.gridY(y, gridHeight), gridHeight));
			for (int x = 0; x < width; x++)
				if (pixels[y * width + x])
					cells[row * gridWidth + (int) Math.round(clamp(window.gridX(x, gridWidth), gridWidth))] = true;
		}
		return cells;
	}

	/**
	 * The best segment of one pixel from its foreground neighbours only. The weights need no renormalising: the
	 * argmax does not change when all scores are divided by the same positive sum.
	 */
	private static int masked(float[] scores, int segments, int n, int gridWidth, boolean[] cells, int y0, int y1,
		double fy, int x0, int x1, double fx)
	{
		int[] corner = { y0 * gridWidth + x0, y0 * gridWidth + x1, y1 * gridWidth + x0, y1 * gridWidth + x1 };
		double[] weight = { (1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx };
		for (int c = 0; c < 4; c++)
			if (!cells[corner[c]]) weight[c] = 0;
		int best = 0;
		double bestScore = Double.NEGATIVE_INFINITY;
		for (int s = 0, o = 0; s < segments; s++, o += n) {
			double v = 0;
			for (int c = 0; c < 4; c++) v += weight[c] * scores[o + corner[c]];
			if (v > bestScore) {
				bestScore = v;
				best = s;
			}
		}
		return best;
	}

	/** Half-pixel source coordinate clamped to the grid, as PyTorch's bilinear interpolation does at the edges. */
	private static double clamp(double g, int size) {
		return Math.max(0, Math.min(size - 1, g));
	}

	/**
	 * Renumbers segments by decreasing pixel count (ties: lower input id first); empty segments vanish. Pixels
	 * outside {@code pixels} (null: none) are not counted and hold 0.
	 */
	static LabelImage bySize(int[] raw, boolean[] pixels, int segments, int width, int height) {
		long[] counts = new long[segments];
		for (int i = 0; i < raw.length; i++)
			if (pixels == null || pixels[i]) counts[raw[i]]++;
		Integer[] order = new Integer[segments];
		for (int s = 0; s < segments; s++) order[s] = s;
		Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a]) : Integer.compare(a, b));
		int[] rank = new int[segments], sources = new int[segments];
		int kept = 0;
		for (int s : order)
			if (counts[s] > 0) {
				sources[kept] = s;
				rank[s] = kept++;
			}
		short[] labels = new short[raw.length];
		for (int i = 0; i < raw.length; i++)
			if (pixels == null || pixels[i]) labels[i] = (short) rank[raw[i]];
		return new LabelImage(width, height, labels, Arrays.copyOf(sources, kept));
	}
}
