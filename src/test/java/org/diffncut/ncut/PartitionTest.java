package org.diffncut.ncut;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Partitions compared as groupings of cells, whatever the numbering of their segments; hand-made cases. */
class PartitionTest {
	@Test
	void theSameGroupingUnderAnotherNumberingIsTheSame() {
		assertTrue(of(0, 0, 1, 2, 1).sameSegments(of(2, 2, 0, 1, 0)));
		assertTrue(of(0, 1, 2).sameSegments(of(0, 1, 2)));
	}

	@Test
	void aMergedOrMovedCellIsDifferent() {
		assertFalse(of(0, 0, 1, 2, 1).sameSegments(of(0, 0, 1, 1, 1)), "two segments merged");
		assertFalse(of(0, 0, 1, 1).sameSegments(of(0, 1, 1, 1)), "one cell moved");
		assertFalse(of(0, 1, 0, 1).sameSegments(of(0, 1, 1, 0)), "as many segments, other groups");
		assertFalse(of(0, 0).sameSegments(of(0, 0, 0)), "other cells");
	}

	private static Partition of(int... labels) {
		return new Partition(labels, Arrays.stream(labels).max().getAsInt() + 1, 0);
	}
}
