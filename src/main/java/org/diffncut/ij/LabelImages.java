package org.diffncut.ij;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;
import ij.process.ShortProcessor;

/**
 * The label image handed to the user: 16-bit, the input's size, slices and frames, its calibration, a
 * Glasbey-style LUT (label i in a colour far from labels 0..i−1, none near black or white), titled
 * {@code <input>-labels}.
 */
public final class LabelImages {
	private LabelImages() {}

	private static final LUT GLASBEY = glasbey();
	private static final Pattern EXTENSION = Pattern.compile("(?i)(\\.nii\\.gz|\\.ome\\.tiff?|\\.[a-z0-9]{1,4})$");

	/**
	 * @param planes one label plane per slice and frame of {@code input}, slices varying fastest
	 */
	public static ImagePlus create(ImagePlus input, List<short[]> planes) {
		int w = input.getWidth(), h = input.getHeight(), z = input.getNSlices(), t = input.getNFrames();
		if (planes.size() != z * t) throw new IllegalArgumentException(planes.size() + " label planes for " + z +
			" slices x " + t + " frames");
		ImageStack stack = new ImageStack(w, h);
		for (short[] p : planes) stack.addSlice(new ShortProcessor(w, h, p, null));
		ImagePlus labels = new ImagePlus(title(input), stack);
		labels.setDimensions(1, z, t);
		if (z > 1 && t > 1) labels.setOpenAsHyperStack(true);
		labels.setCalibration(input.getCalibration().copy());
		labels.getProcessor().setLut(GLASBEY);
		labels.setLut(GLASBEY);
		labels.setDisplayRange(0, 255);
		return labels;
	}

	/** {@code <input>-labels}, without the input's file extension. */
	public static String title(ImagePlus input) {
		return stripExtension(input.getTitle()) + "-labels";
	}

	/**
	 * {@code name} without its file extension: up to four letters or digits after the last dot, or one of the
	 * two-part extensions readers title images with ({@code .nii.gz}, {@code .ome.tif}, {@code .ome.tiff}).
	 */
	static String stripExtension(String name) {
		Matcher extension = EXTENSION.matcher(name);
		return extension.find() && extension.start() > 0 ? name.substring(0, extension.start()) : name;
	}

	/** The LUT's colour of {@code label} as 0xRRGGBB (labels above 255 share the last colour). */
	public static int color(int label) {
		int i = Math.min(255, label);
		return GLASBEY.getRGB(i) & 0xffffff;
	}

	/**
	 * Glasbey et al. (2007), greedily: each next colour is the candidate (16 levels per channel) farthest in
	 * CIE L*a*b* from every colour chosen so far, starting from black and white, which are not used.
	 */
	private static LUT glasbey() {
		int levels = 16, n = levels * levels * levels;
		double[][] lab = new double[n][];
		int[] rgb = new int[n];
		for (int i = 0; i < n; i++) {
			int r = (i / (levels * levels)) * 17, g = (i / levels % levels) * 17, b = (i % levels) * 17;
			rgb[i] = (r << 16) | (g << 8) | b;
			lab[i] = lab(r, g, b);
		}
		double[] nearest = new double[n];
		Arrays.fill(nearest, Double.POSITIVE_INFINITY);
		update(nearest, lab, lab(0, 0, 0));
		update(nearest, lab, lab(255, 255, 255));
		byte[] reds = new byte[256], greens = new byte[256], blues = new byte[256];
		for (int k = 0; k < 256; k++) {
			int best = 0;
			for (int i = 1; i < n; i++)
				if (nearest[i] > nearest[best]) best = i;
			reds[k] = (byte) (rgb[best] >> 16);
			greens[k] = (byte) (rgb[best] >> 8);
			blues[k] = (byte) rgb[best];
			update(nearest, lab, lab[best]);
		}
		return new LUT(reds, greens, blues);
	}

	private static void update(double[] nearest, double[][] lab, double[] chosen) {
		for (int i = 0; i < lab.length; i++) {
			double dl = lab[i][0] - chosen[0], da = lab[i][1] - chosen[1], db = lab[i][2] - chosen[2];
			nearest[i] = Math.min(nearest[i], dl * dl + da * da + db * db);
		}
	}

	/** sRGB (D65) to CIE L*a*b*. */
	private static double[] lab(int r, int g, int b) {
		double rl = linear(r), gl = linear(g), bl = linear(b);
		double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
		double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
		double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
		double fx = f(x), fy = f(y), fz = f(z);
		return new double[] { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
	}

	private static double linear(int c) {
		double v = c / 255.0;
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double f(double t) {
		return t > 216 / 24389.0 ? Math.cbrt(t) : (24389 / 27.0 * t + 16) / 116;
	}
}
