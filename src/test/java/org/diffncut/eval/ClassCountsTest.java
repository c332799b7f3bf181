package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassCountsTest {

	@Test
	void classesWithoutPixelsAreLeftOutOfTheMeans() {
		// tp [3,0,0], fp [1,2,0], fn [0,0,0], 4 valid: class 2 has a zero denominator and is left out.
		// IoU [3/4, 0] -> 3/8; F1 [6/7, 0] -> 3/7; acc 3/4.
		ClassCounts c = new ClassCounts(new long[] { 3, 0, 0 }, new long[] { 1, 2, 0 }, new long[3], 4);
		assertTrue(Double.isNaN(c.iou(2)));
		assertTrue(Double.isNaN(c.f1(2)));
		EvaluatorTest.assertScores(0.75, 3.0 / 7, 3.0 / 8, c.scores());
	}

	@Test
	void sumsAddUp() {
		ClassCounts a = new ClassCounts(new long[] { 1, 2 }, new long[] { 3, 4 }, new long[] { 5, 6 }, 7);
		ClassCounts s = ClassCounts.zero(2).plus(a).plus(a);
		assertEquals(4, s.tp(1));
		assertEquals(6, s.fp(0));
		assertEquals(12, s.fn(1));
		assertEquals(14, s.valid());
	}

	@Test
	void noValidPixelIsUndefined() {
		assertFalse(ClassCounts.zero(3).scores().isDefined());
	}
}
