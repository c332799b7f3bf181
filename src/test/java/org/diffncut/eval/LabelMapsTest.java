package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffncut.io.LabelPng.Labels;
import org.junit.jupiter.api.Test;

/** Expected values: source index ⌊(x + ½)·in/out⌋, worked out per case (PIL NEAREST / TF half-pixel agree). */
class LabelMapsTest {

	@Test
	void downscalingSamplesPixelCentres() {
		// 4 -> 2: ⌊0.5·2⌋ = 1, ⌊1.5·2⌋ = 3
		assertArrayEquals(new int[] { 1, 3 }, LabelMaps.resize(new Labels(4, 1, new int[] { 0, 1, 2, 3 }), 2, 1)
			.values);
	}

	@Test
	void upscalingRepeatsPixels() {
		// 2 -> 5: ⌊(x + ½)·0.4⌋ = 0, 0, 1, 1, 1
		assertArrayEquals(new int[] { 7, 7, 9, 9, 9 }, LabelMaps.resize(new Labels(2, 1, new int[] { 7, 9 }), 5, 1)
			.values);
	}

	@Test
	void cropThenResize() {
		// 3x2 crop at (1, 1) of a 4x3 map, to 3x1: rows ⌊0.5·2⌋ = 1 -> source row 2; columns 1, 2, 3.
		Labels map = new Labels(4, 3, new int[] { 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23 });
		assertArrayEquals(new int[] { 21, 22, 23 }, LabelMaps.crop(map, 1, 1, 3, 2, 3, 1).values);
	}

	@Test
	void sameSizeIsTheInput() {
		Labels map = new Labels(1, 1, new int[] { 4 });
		assertSame(map, LabelMaps.resize(map, 1, 1));
	}

	@Test
	void cropOutsideFails() {
		assertThrows(IllegalArgumentException.class, () -> LabelMaps.crop(new Labels(2, 2, new int[4]), 1, 0, 2, 2,
			1, 1));
	}
}
