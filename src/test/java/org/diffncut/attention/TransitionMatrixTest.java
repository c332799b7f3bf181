package org.diffncut.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TransitionMatrixTest {
	private static float[] uniform(int n) {
		float[] p = new float[n * n];
		Arrays.fill(p, 1f / n);
		return p;
	}

	@Test
	void acceptsRowsWithinTheTolerance() {
		float[] p = uniform(6);
		p[0] += 0.0009f; // row 0 sums to 1.0009
		TransitionMatrix t = TransitionMatrix.of(p, 2, 3);
		assertEquals(6, t.size());
		assertEquals(2, t.gridHeight());
		assertEquals(3, t.gridWidth());
		assertEquals(1f / 6, t.get(1, 2), 0f);
	}

	@Test
	void namesTheFirstBadRow() {
		float[] p = uniform(4);
		p[2 * 4 + 1] = -p[2 * 4 + 1];
		assertMessage(p, 2, 2, "P row 2 holds a negative entry");
		p = uniform(4);
		p[3 * 4] = Float.POSITIVE_INFINITY;
		assertMessage(p, 2, 2, "P row 3 holds Infinity");
		p = uniform(4);
		p[1 * 4] += 0.002f;
		p[3 * 4] += 0.5f;
		assertMessage(p, 2, 2, "P row 1 sums to 1.00");
	}

	/** The message names the first bad row of several, whatever is wrong with the later ones; a −0 entry is no negative. */
	@Test
	void namesTheFirstBadRowOfALargeMatrix() {
		float[] p = uniform(400);
		p[7 * 400 + 5] = -0f;
		p[7 * 400 + 6] += 1f / 400;
		p[390 * 400 + 1] = Float.NaN;
		p[37 * 400 + 399] = -1e-6f;
		p[200 * 400] += 0.5f;
		assertMessage(p, 20, 20, "P row 37 holds a negative entry -1.0E-6 at column 399");
		p[37 * 400 + 399] = 1f / 400;
		assertMessage(p, 20, 20, "P row 200 sums to 1.49");
		p[200 * 400] -= 0.5f;
		assertMessage(p, 20, 20, "P row 390 holds NaN at column 1");
		p[390 * 400 + 1] = 1f / 400;
		assertEquals(-0f, TransitionMatrix.of(p, 20, 20).get(7, 5), 0f);
	}

	@Test
	void checksShapeAndGrid() {
		assertMessage(new float[15], 3, 5, "needs 15x15");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionMatrix.square(uniform(6)));
		assertTrue(e.getMessage().contains("N = 6 is not a square grid"), e.getMessage());
		assertEquals(3, TransitionMatrix.square(uniform(9)).gridWidth());
	}

	private static void assertMessage(float[] p, int h, int w, String message) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionMatrix.of(p, h, w));
		assertTrue(e.getMessage().contains(message), e.getMessage());
	}
}
