package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The huge-page switch reaches the C library's environment, where PyTorch reads it (Linux only). */
class NativeMemoryTest {
	interface LibC extends com.sun.jna.Library {
		LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

		String getenv(String name);
	}

	@Test
	void hugePagesAreOnOnceTheEngineIsUsed() {
		assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"), "PyTorch reads the " +
			"switch on Linux only");
		assumeTrue(System.getenv(NativeMemory.HUGE_PAGES) == null, "the environment sets the switch itself");
		PyTorchEngine.get();
		assertEquals("1", LibC.INSTANCE.getenv(NativeMemory.HUGE_PAGES));
	}
}
