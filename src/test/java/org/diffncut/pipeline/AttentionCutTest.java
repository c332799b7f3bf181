package org.diffncut.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.diffncut.segmentation.LabelImage;
import org.junit.jupiter.api.Test;

/** The warm-up of a cut process: a real cut of its own, on a thread that cannot keep the JVM alive. */
class AttentionCutTest {
	@Test
	void theWarmUpCutsItsPlantedQuadrantsThroughTheWholePipeline() {
		Segmentation s = AttentionCut.warmUpCut(AttentionCut.warmUpWalk());
		LabelImage labels = s.labels();
		assertEquals(96, labels.width());
		assertEquals(96, labels.height());
		assertEquals(4, labels.count());
		int[] seen = { -1, -1, -1, -1 };
		for (int y = 0; y < 96; y++)
			for (int x = 0; x < 96; x++) {
				int quadrant = (y < 48 ? 0 : 2) + (x < 48 ? 0 : 1), label = labels.get(x, y);
				if (seen[quadrant] < 0) seen[quadrant] = label;
				assertEquals(seen[quadrant], label, "pixel " + x + "," + y + " of quadrant " + quadrant);
			}
		assertEquals(4, Arrays.stream(seen).distinct().count(), "one label per quadrant");
	}

	@Test
	void theWarmUpThreadIsADaemonAndEnds() throws InterruptedException {
		assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one core: no warm-up thread");
		Thread thread = AttentionCut.warmUp();
		assertNotNull(thread);
		assertTrue(thread.isDaemon(), "a warm-up must not keep the JVM alive");
		thread.join(120_000);
		assertFalse(thread.isAlive(), "the warm-up did not end");
	}
}
