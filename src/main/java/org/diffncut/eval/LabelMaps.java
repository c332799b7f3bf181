package org.diffncut.eval;

import org.diffncut.io.LabelPng.Labels;

/**
 * Nearest-neighbour resampling of label maps, so ids are never blended. Output pixel (x, y) of an
 * {@code outWidth × outHeight} map covering the source rectangle (x0, y0, w, h) reads source pixel
 * (x0 + ⌊(x + ½)·w / outWidth⌋, y0 + ⌊(y + ½)·h / outHeight⌋): pixel centres, as PIL's NEAREST and TensorFlow's
 * {@code tf.image.resize(..., NEAREST_NEIGHBOR)} (half-pixel centres) sample, in exact integer arithmetic.
 */
public final class LabelMaps {
	private LabelMaps() {}

	/** The whole map resized to {@code outWidth × outHeight}; the input itself if the size already matches. */
	public static Labels resize(Labels labels, int outWidth, int outHeight) {
		if (labels.width == outWidth && labels.height == outHeight) return labels;
		return crop(labels, 0, 0, labels.width, labels.height, outWidth, outHeight);
	}

	/** The rectangle (x0, y0, width, height), which must lie inside the map, resized to outWidth × outHeight. */
	public static Labels crop(Labels labels, int x0, int y0, int width, int height, int outWidth, int outHeight) {
		if (x0 < 0 || y0 < 0 || width < 1 || height < 1 || x0 + width > labels.width ||
			y0 + height > labels.height) throw new IllegalArgumentException("crop " + width + "x" + height +
				" at (" + x0 + ", " + y0 + ") lies outside the " + labels.width + "x" + labels.height + " label map");
		if (outWidth < 1 || outHeight < 1) throw new IllegalArgumentException("empty output " + outWidth + "x" +
			outHeight);
		int[] sourceX = new int[outWidth];
		for (int x = 0; x < outWidth; x++) sourceX[x] = x0 + (int) ((2L * x + 1) * width / (2L * outWidth));
		int[] out = new int[outWidth * outHeight];
		for (int y = 0; y < outHeight; y++) {
			int row = (y0 + (int) ((2L * y + 1) * height / (2L * outHeight))) * labels.width;
			for (int x = 0; x < outWidth; x++) out[y * outWidth + x] = labels.values[row + sourceX[x]];
		}
		return new Labels(outWidth, outHeight, out);
	}
}
