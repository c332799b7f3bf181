package org.diffncut.segmentation;

import java.util.stream.IntStream;

import org.diffncut.image.Window;

/**
 * Brings grid segments to any output size. Every output pixel takes the segment whose mean feature m_s has the
 * highest cosine similarity to the pixel's feature f, bilinearly interpolated from the grid (half-pixel centres,
 * edge clamp). Since ‖f‖ is common to all segments, the argmax only needs f · m_s/‖m_s‖, which is linear in f:
 * interpolating the K grid score maps S(s, cell) = f_cell · m_s/‖m_s‖ gives the same argmax without ever building
 * an H×W×N feature volume. Cost O(H·W·K).
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
		int cells = gridHeight * gridWidth;
		if ((long) segments * cells != scores.length) throw new IllegalArgumentException(scores.length +
			" scores for " + segments + " segments of " + cells + " cells");
		if (segments > 65536) throw new IllegalArgumentException(segments + " segments do not fit 16-bit labels");
		int[] x0 = new int[width], x1 = new int[width];
		double[] fx = new double[width];
		for (int x = 0; x < width; x++) {
			double g = clamp(window.gridX(x, gridWidth), gridWidth);
			x0[x] = (int) g;
			x1[x] = Math.min(x0[x] + 1, gridWidth - 1);
			fx[x] = g - x0[x];
		}
		int[] raw = new int[width * height];
		IntStream.range(0, height).parallel().forEach(y -> {
			double g = clamp(window.gridY(y, gridHeight), gridHeight);
			int y0 = (int) g, y1 = Math.min(y0 + 1, gridHeight - 1);
			double fy = g - y0;
			double[] row = new double[segments * gridWidth]; // scores interpolated to this output row
			for (int s = 0; s < segments; s++)
				for (int c = 0; c < gridWidth; c++) {
					int o = s * cells + c;
					row[s * gridWidth + c] = (1 - fy) * scores[o + y0 * gridWidth] + fy * scores[o + y1 * gridWidth];
				}
			for (int x = 0; x < width; x++) {
				int best = 0;
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
		return bySize(raw, segments, width, height);
	}

	/** Half-pixel source coordinate clamped to the grid, as PyTorch's bilinear interpolation does at the edges. */
	private static double clamp(double g, int size) {
		return Math.max(0, Math.min(size - 1, g));
	}

	/** Renumbers segments by decreasing pixel count (ties: lower input id first); empty segments vanish. */
	static LabelImage bySize(int[] raw, int segments, int width, int height) {
		long[] counts = new long[segments];
		for (int v : raw) counts[v]++;
		Integer[] order = new Integer[segments];
		for (int s = 0; s < segments; s++) order[s] = s;
		java.util.Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a]) : Integer.compare(a, b));
		int[] rank = new int[segments];
		int kept = 0;
		for (int s : order)
			if (counts[s] > 0) rank[s] = kept++;
		short[] labels = new short[raw.length];
		for (int i = 0; i < raw.length; i++) labels[i] = (short) rank[raw[i]];
		return new LabelImage(width, height, labels, kept);
	}
}
