package org.diffncut.ij;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.diffncut.Fixtures;
import org.diffncut.safetensors.SafeTensors;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * Test images of every ImagePlus kind, all made from the 128×128 RGB picture of the tiny model's goldens
 * ({@code image_u8_hwc}: ramps, a yellow disk, a blue square).
 */
public final class TestImages {
	public static final int SIDE = 128;

	private TestImages() {}

	/** The picture as packed RGB. */
	static int[] rgbPixels() {
		try (SafeTensors golden = SafeTensors.open(Fixtures.golden())) {
			ByteBuffer b = golden.bytes("image_u8_hwc");
			int[] rgb = new int[SIDE * SIDE];
			for (int i = 0; i < rgb.length; i++)
				rgb[i] = ((b.get(3 * i) & 0xff) << 16) | ((b.get(3 * i + 1) & 0xff) << 8) | (b.get(3 * i + 2) & 0xff);
			return rgb;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static ImagePlus rgb() {
		return calibrated(new ImagePlus("picture.png", new ColorProcessor(SIDE, SIDE, rgbPixels())));
	}

	/** Channel {@code c} (0 red, 1 green, 2 blue) of the picture. */
	public static int[] channel(int c) {
		int[] rgb = rgbPixels(), v = new int[rgb.length];
		for (int i = 0; i < rgb.length; i++) v[i] = (rgb[i] >> (16 - 8 * c)) & 0xff;
		return v;
	}

	public static ImagePlus gray8() {
		return calibrated(new ImagePlus("gray8.tif", bytes(channel(1))));
	}

	/** Green × 100 + 1000: a 16-bit scan whose range is far from 0..255. */
	public static ImagePlus gray16() {
		return calibrated(new ImagePlus("gray16.tif", shorts(channel(1), 100, 1000)));
	}

	/** Green / 255 with a NaN and an infinity. */
	public static ImagePlus gray32WithNonFinite() {
		int[] g = channel(1);
		float[] f = new float[g.length];
		for (int i = 0; i < f.length; i++) f[i] = g[i] / 255f;
		f[0] = Float.NaN;
		f[1] = Float.POSITIVE_INFINITY;
		return calibrated(new ImagePlus("gray32.tif", new FloatProcessor(SIDE, SIDE, f)));
	}

	/** Three 16-bit channels (red, green, blue × 100) as a composite. */
	public static ImagePlus composite() {
		ImageStack stack = new ImageStack(SIDE, SIDE);
		for (int c = 0; c < 3; c++) stack.addSlice(shorts(channel(c), 100, 0));
		ImagePlus imp = new ImagePlus("composite.tif", stack);
		imp.setDimensions(3, 1, 1);
		return calibrated(new CompositeImage(imp, CompositeImage.COMPOSITE));
	}

	/** Two 8-bit slices: green, then green flipped left to right. */
	public static ImagePlus stack() {
		ImageStack stack = new ImageStack(SIDE, SIDE);
		stack.addSlice(bytes(channel(1)));
		ByteProcessor flipped = bytes(channel(1));
		flipped.flipHorizontal();
		stack.addSlice(flipped);
		ImagePlus imp = new ImagePlus("stack.tif", stack);
		imp.setDimensions(1, 2, 1);
		return calibrated(imp);
	}

	private static ByteProcessor bytes(int[] v) {
		byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
		return new ByteProcessor(SIDE, SIDE, b);
	}

	private static ShortProcessor shorts(int[] v, int scale, int offset) {
		short[] s = new short[v.length];
		for (int i = 0; i < v.length; i++) s[i] = (short) (v[i] * scale + offset);
		return new ShortProcessor(SIDE, SIDE, s, null);
	}

	private static ImagePlus calibrated(ImagePlus imp) {
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.25;
		cal.pixelDepth = 2;
		cal.setUnit("mm");
		imp.setCalibration(cal);
		return imp;
	}

	/** How many different labels {@code labels} holds. */
	public static int distinct(short[] labels) {
		boolean[] seen = new boolean[65536];
		int n = 0;
		for (short s : labels) if (!seen[s & 0xffff]) {
			seen[s & 0xffff] = true;
			n++;
		}
		return n;
	}
}
