package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OverlapTest {

	@Test
	void histogramCountsValidPixelsOnly() {
		// Ground truth 255 and 3 (>= C) are left out; segment 4 only lies on ignored pixels yet makes P = 5,
		// as _fast_hist's label_pred.max() + 1 does.
		Overlap h = Overlap.of(new int[] { 0, 0, 1, 2, 255, 3 }, new int[] { 1, 1, 0, 0, 4, 4 }, 3, 255);
		assertEquals(5, h.segments());
		assertEquals(4, h.valid());
		assertEquals(2, h.count(0, 1));
		assertEquals(1, h.count(1, 0));
		assertEquals(1, h.count(2, 0));
		assertEquals(0, h.count(0, 4));
	}

	@Test
	void segmentsAtLeastClasses() {
		assertEquals(4, Overlap.of(new int[] { 0 }, new int[] { 0 }, 4, 255).segments());
	}

	@Test
	void majorityTiesGoToTheLowestClass() {
		// Segment 0: classes 1 and 2 with 2 pixels each -> 1. Segment 1: class 2 -> 2. Segment 2: empty -> 0.
		Overlap h = Overlap.of(new int[] { 1, 1, 2, 2, 2 }, new int[] { 0, 0, 0, 0, 1 }, 3, 255);
		assertArrayEquals(new int[] { 1, 2, 0 }, h.majorityClass());
	}

	@Test
	void mergedCounts() {
		// Majority classes [1, 2, 0] as above: class 1 predicted on segment 0 (4 px, 2 right), class 2 on
		// segment 1 (1 px, right). tp = [0,2,1], fp = [0,2,0], fn = [0,0,2].
		ClassCounts m = Overlap.of(new int[] { 1, 1, 2, 2, 2 }, new int[] { 0, 0, 0, 0, 1 }, 3, 255).merged();
		assertArrayEquals(new long[] { 0, 2, 1, 0, 2, 0, 0, 0, 2 },
			new long[] { m.tp(0), m.tp(1), m.tp(2), m.fp(0), m.fp(1), m.fp(2), m.fn(0), m.fn(1), m.fn(2) });
	}

	@Test
	void badInput() {
		assertThrows(IllegalArgumentException.class, () -> Overlap.of(new int[2], new int[3], 2, 255));
		assertThrows(IllegalArgumentException.class, () -> Overlap.of(new int[1], new int[] { -1 }, 2, 255));
		assertThrows(IllegalArgumentException.class, () -> Overlap.of(new int[1], new int[1], 0, 255));
	}
}
