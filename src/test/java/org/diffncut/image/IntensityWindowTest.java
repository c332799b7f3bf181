package org.diffncut.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** References: numpy.percentile (linear interpolation), worked out by hand in the comments. */
class IntensityWindowTest {
	private static final double EXACT = 1e-9;

	@Test
	void percentilesInterpolateBetweenOrderStatistics() {
		// np.percentile(np.arange(1, 101), [1, 99]) = [1.99, 99.01]: ranks 0.99 and 98.01 of 0..99.
		float[] v = new float[100];
		for (int i = 0; i < 100; i++) v[i] = 100 - i; // order must not matter
		IntensityWindow w = IntensityWindow.of(ArrayImgs.floats(v, 10, 10), IntensityWindow.Mode.PERCENTILES);
		assertEquals(1.99, w.low(), EXACT);
		assertEquals(99.01, w.high(), EXACT);
	}

	@Test
	void nonFiniteValuesAreSkippedCountedAndMappedToTheMinimum() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { Float.NaN, 10, 20, Float.POSITIVE_INFINITY,
			30, Float.NEGATIVE_INFINITY }, 3, 2);
		IntensityWindow w = IntensityWindow.of(img, IntensityWindow.Mode.MIN_MAX);
		assertEquals(10, w.low(), EXACT);
		assertEquals(30, w.high(), EXACT);
		assertEquals(3, w.nonFinite());
		assertEquals(0, w.gray(Double.NaN));
		assertEquals(0, w.gray(Double.POSITIVE_INFINITY));
		// (20 - 10) / 20 * 255 = 127.5, rounded half up
		assertEquals(128, w.gray(20));
		assertEquals(0, w.gray(-5));
		assertEquals(255, w.gray(1e9));
	}

	@Test
	void constantOrEmptyImagesMapToZero() {
		IntensityWindow constant = IntensityWindow.of(ArrayImgs.floats(new float[] { 7, 7, 7, 7 }, 2, 2),
			IntensityWindow.Mode.PERCENTILES);
		assertEquals(7, constant.low(), EXACT);
		assertEquals(0, constant.gray(7));
		IntensityWindow none = IntensityWindow.of(ArrayImgs.floats(new float[] { Float.NaN }, 1, 1),
			IntensityWindow.Mode.PERCENTILES);
		assertEquals(1, none.nonFinite());
		assertEquals(0, none.gray(0));
	}

	@Test
	void byteWindowIsTheIdentity() {
		for (int v = 0; v < 256; v++) assertEquals(v, IntensityWindow.BYTE.gray(v));
	}

	@Test
	void oneChannelGivesGrayTwoGiveRedGreenThreeGiveRgb() {
		RandomAccessibleInterval<FloatType> a = ArrayImgs.floats(new float[] { 0, 100 }, 2, 1);
		RandomAccessibleInterval<FloatType> b = ArrayImgs.floats(new float[] { 100, 0 }, 2, 1);
		IntensityWindow w = IntensityWindow.of(0, 100);
		assertArrayEquals(new int[] { 0xff000000, 0xffffffff },
			argb(IntensityWindow.toArgb(Collections.singletonList(a), Collections.singletonList(w))));
		assertArrayEquals(new int[] { 0xff00ff00, 0xffff0000 },
			argb(IntensityWindow.toArgb(Arrays.asList(a, b), Arrays.asList(w, w))));
		assertArrayEquals(new int[] { 0xff00ff00, 0xffff00ff },
			argb(IntensityWindow.toArgb(Arrays.asList(a, b, a), Arrays.asList(w, w, w))));
	}

	private static int[] argb(RandomAccessibleInterval<ARGBType> img) {
		int[] out = new int[(int) Intervals.numElements(img)];
		int i = 0;
		for (ARGBType t : Views.flatIterable(img)) out[i++] = t.get();
		return out;
	}
}
