package org.diffncut.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.attention.TransitionMatrix;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** Issue 13 item 6: the walk's length and memory are checked before any product. */
class PowerWalkTest {
	/** P swaps cells 0, 1 and cells 2, 3 of a 2x2 grid: P² = I, P³ = P (by hand). */
	private static final float[] P = { 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0 },
		I = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };
	private static final TransitionMatrix SWAP = TransitionMatrix.square(P);

	@Test
	void powersKeepOnlyTheLastProduct() {
		assertArrayEquals(I, PowerWalk.of(SWAP, 2, Device.cpu()).matrix());
		assertArrayEquals(P, PowerWalk.of(SWAP, 3, Device.cpu()).matrix());
		assertArrayEquals(I, PowerWalk.of(SWAP, PowerWalk.MAX_STEPS, Device.cpu()).matrix());
	}

	@Test
	void stepsBeyondTheBoundAreRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerWalk.of(SWAP, 1_000_000,
			Device.cpu()));
		assertTrue(e.getMessage().contains("1..100, not 1000000"), e.getMessage());
	}

	@Test
	void aWalkThatDoesNotFitIsRefusedBeforeStarting() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> PowerWalk.checkMemory(4096, 2,
			10L << 20));
		assertTrue(e.getMessage().contains("needs 192 MB") && e.getMessage().contains("10 MB"), e.getMessage());
		PowerWalk.checkMemory(4096, 1, 0); // k = 1 is P itself
	}
}
