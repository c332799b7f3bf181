package org.diffncut.model;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/** Preprocessing: window choice, exact pass-through, and PIL's antialiased bicubic weights computed by hand. */
class WorkingImageTest {
	private static int gray(int v) {
		return 0xff000000 | v << 16 | v << 8 | v;
	}

	private static float model(double v) {
		return (float) (v / 127.5 - 1);
	}

	@Test
	void sameSizeIsExact() {
		int[] argb = new int[16];
		for (int i = 0; i < 16; i++) argb[i] = 0xff000000 | (i * 16) << 16 | (255 - i) << 8 | (i * 7);
		WorkingImage w = WorkingImage.of(ArrayImgs.argbs(argb, 4, 4), 4, WorkingImage.Fit.CROP);
		float[] p = w.pixels();
		for (int i = 0; i < 16; i++) {
			assertEquals(model(i * 16), p[i], 1e-6);
			assertEquals(model(255 - i), p[16 + i], 1e-6);
			assertEquals(model(i * 7), p[32 + i], 1e-6);
		}
		assertEquals(4, w.window().width(), 0);
	}

	/**
	 * 4 → 2 pixels: scale 2, support 4, output 0 centred at 1 with taps 0..3 of weight bicubic((i − ½)/2), a = −½:
	 * 0.8671875, 0.8671875, 0.2265625, −0.0703125 (sum 1.890625); output 1 mirrored. Rows are equal, so the vertical
	 * pass keeps them.
	 */
	@Test
	void downscalingUsesPilBicubicWeights() {
		int[] row = { 0, 100, 200, 255 };
		int[] argb = new int[16];
		for (int i = 0; i < 16; i++) argb[i] = gray(row[i % 4]);
		WorkingImage w = WorkingImage.of(ArrayImgs.argbs(argb, 4, 4), 2, WorkingImage.Fit.CROP);
		double left = (0 * 0.8671875 + 100 * 0.8671875 + 200 * 0.2265625 - 255 * 0.0703125) / 1.890625;
		double right = (-0 * 0.0703125 + 100 * 0.2265625 + 200 * 0.8671875 + 255 * 0.8671875) / 1.890625;
		float[] expected = new float[12];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 2; y++) {
				expected[c * 4 + y * 2] = model(left);
				expected[c * 4 + y * 2 + 1] = model(right);
			}
		assertArrayEquals(expected, w.pixels(), 1e-5f);
	}

	@Test
	void centreCropKeepsTheMiddleSquare() {
		int[] argb = new int[6 * 2];
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 6; x++) argb[y * 6 + x] = gray(x * 40);
		WorkingImage w = WorkingImage.of(ArrayImgs.argbs(argb, 6, 2), 2, WorkingImage.Fit.CROP);
		assertEquals(2, w.window().x0(), 0);
		assertEquals(0, w.window().y0(), 0);
		assertArrayEquals(new float[] { model(80), model(120), model(80), model(120) },
			Arrays.copyOf(w.pixels(), 4), 1e-6f);
	}

	@Test
	void padFillsWithBlack() {
		int[] argb = new int[2 * 1];
		argb[0] = gray(255);
		argb[1] = gray(255);
		WorkingImage w = WorkingImage.of(ArrayImgs.argbs(argb, 2, 1), 2, WorkingImage.Fit.PAD);
		assertEquals(0, w.window().y0(), 0); // (2 − 1) / 2 rounds to 0: the image is the top row
		assertArrayEquals(new float[] { 1, 1, -1, -1 }, Arrays.copyOf(w.pixels(), 4), 1e-6f);
	}

	@Test
	void imagesWithAnOffsetOrigin() {
		int[] argb = { gray(10), gray(20), gray(30), gray(40) };
		WorkingImage w = WorkingImage.of(Views.translate(ArrayImgs.argbs(argb, 2, 2), 5, -3), 2, WorkingImage.Fit.CROP);
		assertArrayEquals(new float[] { model(10), model(20), model(30), model(40) },
			Arrays.copyOf(w.pixels(), 4), 1e-6f);
	}

	@Test
	void stack_Fail() {
		assertThrows(IllegalArgumentException.class,
			() -> WorkingImage.of(ArrayImgs.argbs(2, 2, 3), 64, WorkingImage.Fit.CROP));
	}
}
