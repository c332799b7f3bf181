package org.diffncut.model;

import java.util.Locale;

import org.diffncut.image.Window;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

/**
 * The square RGB image the model sees: {@code resolution}² pixels in [-1, 1], channel-major (3, R, R), and the
 * {@link Window} of the original image it covers, so results on any grid map back to the original pixels.
 * <p>
 * The window (centre crop or pad; pad fills with black) is resampled with PIL's antialiased bicubic filter
 * (a = -0.5, support widened by the scale factor when shrinking), the filter diffusers users get from
 * {@code Image.resize}. Values stay in floating point instead of being rounded to 8 bits. Alpha is ignored.
 */
public final class WorkingImage {
	/** How a non-square image becomes square. */
	public enum Fit {
		/** The largest centred square inside the image; the rest is not segmented. */
		CROP,
		/** The smallest centred square around the image, the border black; every pixel is segmented. */
		PAD;

		/** "crop" or "pad", any case. */
		public static Fit parse(String name) {
			switch (name.trim().toLowerCase(Locale.ROOT)) {
				case "crop": return CROP;
				case "pad": return PAD;
				default: throw new IllegalArgumentException("fit '" + name + "': use crop or pad");
			}
		}
	}

	private final float[] pixels;
	private final int resolution;
	private final Window window;

	private WorkingImage(float[] pixels, int resolution, Window window) {
		this.pixels = pixels;
		this.resolution = resolution;
		this.window = window;
	}

	/**
	 * Prepares a 2-D packed-ARGB image of any size.
	 *
	 * @throws IllegalArgumentException if the image is not 2-D or is empty
	 */
	public static WorkingImage of(RandomAccessibleInterval<ARGBType> image, int resolution, Fit fit) {
		if (image.numDimensions() != 2) throw new IllegalArgumentException("the image has " + image.numDimensions() +
			" dimensions: give one 2-D RGB plane (a single slice or frame)");
		if (resolution < 1) throw new IllegalArgumentException("resolution " + resolution + " must be positive");
		long w = image.dimension(0), h = image.dimension(1);
		if (w < 1 || h < 1) throw new IllegalArgumentException("the image is empty");
		if (w * h > Integer.MAX_VALUE) throw new IllegalArgumentException("the image has more than 2^31 pixels");
		int width = (int) w, height = (int) h;
		int[] argb = new int[width * height];
		Cursor<ARGBType> c = Views.flatIterable(image).cursor();
		for (int i = 0; c.hasNext(); i++) argb[i] = c.next().get();
		Window window = fit == Fit.CROP ? Window.centerCrop(width, height) : Window.pad(width, height);
		return new WorkingImage(resample(argb, width, height, window, resolution), resolution, window);
	}

	/** Wraps pixels already in model form, (3, R, R) in [-1, 1], covering a whole square image. */
	static WorkingImage ofPixels(float[] pixels, int resolution) {
		if (pixels.length != 3 * resolution * resolution) throw new IllegalArgumentException("expected 3x" + resolution +
			"x" + resolution + " values, got " + pixels.length);
		return new WorkingImage(pixels, resolution, Window.full(resolution, resolution));
	}

	public int resolution() {
		return resolution;
	}

	public Window window() {
		return window;
	}

	/** (3, R, R) channel-major in [-1, 1]; not a copy. */
	float[] pixels() {
		return pixels;
	}

	private static float[] resample(int[] argb, int width, int height, Window window, int r) {
		int x0 = (int) window.x0(), y0 = (int) window.y0(), side = (int) window.width();
		Kernel kx = new Kernel(side, r), ky = new Kernel(side, r);
		// Horizontal pass over the rows the vertical pass reads: rows[i] holds window row i, (R, 3) interleaved.
		float[][] rows = new float[side][];
		for (int out = 0; out < r; out++)
			for (int t = 0; t < ky.weights[out].length; t++) {
				int i = ky.first[out] + t, y = y0 + i;
				if (rows[i] != null) continue;
				float[] row = new float[3 * r];
				if (y >= 0 && y < height) {
					for (int ox = 0; ox < r; ox++) {
						double red = 0, green = 0, blue = 0;
						float[] k = kx.weights[ox];
						for (int s = 0; s < k.length; s++) {
							int x = x0 + kx.first[ox] + s;
							if (x < 0 || x >= width) continue; // padding is black
							int p = argb[y * width + x];
							red += k[s] * ((p >> 16) & 0xff);
							green += k[s] * ((p >> 8) & 0xff);
							blue += k[s] * (p & 0xff);
						}
						row[3 * ox] = (float) red;
						row[3 * ox + 1] = (float) green;
						row[3 * ox + 2] = (float) blue;
					}
				}
				rows[i] = row;
			}
		float[] pixels = new float[3 * r * r];
		int plane = r * r;
		for (int oy = 0; oy < r; oy++) {
			float[] k = ky.weights[oy];
			for (int ox = 0; ox < r; ox++)
				for (int ch = 0; ch < 3; ch++) {
					double v = 0;
					for (int s = 0; s < k.length; s++) v += k[s] * rows[ky.first[oy] + s][3 * ox + ch];
					v = Math.max(0, Math.min(255, v));
					pixels[ch * plane + oy * r + ox] = (float) (v / 127.5 - 1);
				}
		}
		return pixels;
	}

	/** PIL's {@code precompute_coeffs} for the bicubic filter: per output sample, a first input index and weights. */
	static final class Kernel {
		final int[] first;
		final float[][] weights;

		Kernel(int in, int out) {
			double scale = in / (double) out, filterScale = Math.max(scale, 1), support = 2 * filterScale;
			first = new int[out];
			weights = new float[out][];
			for (int o = 0; o < out; o++) {
				double centre = (o + 0.5) * scale;
				int min = Math.max((int) (centre - support + 0.5), 0);
				int max = Math.min((int) (centre + support + 0.5), in);
				double[] w = new double[max - min];
				double sum = 0;
				for (int i = min; i < max; i++) sum += w[i - min] = bicubic((i - centre + 0.5) / filterScale);
				first[o] = min;
				weights[o] = new float[w.length];
				for (int i = 0; i < w.length; i++) weights[o][i] = (float) (sum == 0 ? 0 : w[i] / sum);
			}
		}

		private static double bicubic(double x) {
			final double a = -0.5;
			x = Math.abs(x);
			if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
			if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
			return 0;
		}
	}
}
