package org.diffncut.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.diffncut.segmentation.LabelImage;
import org.junit.jupiter.api.Test;

/** Hand-made slices of 1×n pixels whose features are unit vectors or simple mixtures; expectations by hand. */
class StackLabelsTest {
	private static final float[] X = { 1, 0, 0 }, Y = { 0, 1, 0 }, Z = { 0, 0, 1 };

	@Test
	void firstSliceKeepsItsLabels() {
		StackLabels stack = new StackLabels(0.5);
		assertArrayEquals(new short[] { 0, 1, 1, 0 }, stack.next(slice(0, 1, 1, 0), new float[][] { X, Y }));
		assertEquals(2, stack.ids());
	}

	@Test
	void swappedSegmentsTakeTheirPartnersIds() {
		StackLabels stack = new StackLabels(0.5);
		stack.next(slice(0, 1), new float[][] { X, Y });
		// the next slice numbers them the other way round (label 0 is now the Y-like segment)
		assertArrayEquals(new short[] { 1, 0, 0 }, stack.next(slice(0, 1, 1), new float[][] { Y, X }));
		assertEquals(2, stack.ids());
	}

	@Test
	void newSegmentGetsANewIdAndAVanishedOneIsNotReused() {
		StackLabels stack = new StackLabels(0.5);
		stack.next(slice(0, 1), new float[][] { X, Y });
		// three segments now: X-like, Z (new), Y-like. Z matches nothing (at most 2 columns to assign).
		assertArrayEquals(new short[] { 0, 2, 1 }, stack.next(slice(0, 1, 2), new float[][] { X, Z, Y }));
		// then Y vanishes: id 1 stays unused by the remaining segments
		assertArrayEquals(new short[] { 2, 0 }, stack.next(slice(0, 1), new float[][] { Z, X }));
		assertEquals(3, stack.ids());
	}

	@Test
	void dissimilarMatchIsRefused() {
		StackLabels stack = new StackLabels(0.5);
		stack.next(slice(0), new float[][] { X });
		// cos(X, (1,0.2,0)) = 0.981 >= 0.5: kept; then cos((1,0.2,0), Y) = 0.196 < 0.5: refused
		assertArrayEquals(new short[] { 0 }, stack.next(slice(0), new float[][] { { 1, 0.2f, 0 } }));
		assertArrayEquals(new short[] { 1 }, stack.next(slice(0), new float[][] { Y }));
	}

	@Test
	void hungarianMaximisesTheTotalNotEachRowGreedily() {
		StackLabels stack = new StackLabels(0);
		float[] a = { 1, 0 }, b = { 1, 1 };
		stack.next(slice(0, 1), new float[][] { a, b });
		// c0 = (1, 0.2): cos with a 0.981, with b 0.832; c1 = (1, 0): cos with a 1, with b 0.707.
		// Greedy row by row: c0->a, c1->b, total 1.688. Hungarian: c0->b, c1->a, total 1.832.
		assertArrayEquals(new short[] { 1, 0 }, stack.next(slice(0, 1), new float[][] { { 1, 0.2f }, { 1, 0 } }));
	}

	@Test
	void featuresOfAnotherLengthAreRefusedWithAMessage() {
		StackLabels stack = new StackLabels(0.5);
		stack.next(slice(0), new float[][] { X });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> stack.next(slice(0), new float[][] { { 1, 0 } }));
		assertEquals("features of length 2 and 3: slices must be segmented at the same working resolution", e.getMessage());
	}

	/** A 1×n slice with these labels, label i showing grid segment i. */
	private static LabelImage slice(int... labels) {
		short[] s = new short[labels.length];
		int count = 0;
		for (int i = 0; i < labels.length; i++) {
			s[i] = (short) labels[i];
			count = Math.max(count, labels[i] + 1);
		}
		int[] sources = new int[count];
		for (int i = 0; i < count; i++) sources[i] = i;
		return new LabelImage(labels.length, 1, s, sources);
	}
}
