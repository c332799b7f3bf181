package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** The page faults bench-model prints per pass. The pass itself needs SD-size weights: measured, not tested. */
class BenchModelCommandTest {
	@Test
	void countsMinorAndMajorFaultsAfterTheCommandName() {
		// proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt ...
		String stat = "4242 (java (x) 1 2) S 1 4242 4242 0 -1 4194304 127 900 3 800 11 12 0 0 20 0 30 0 3843467\n";
		assertEquals(127 + 3, BenchModelCommand.pageFaults(stat));
	}

	/** 64 MB, above glibc's largest mmap threshold: a fresh mapping, which the JVM zeroes page by page. */
	@Test
	void freshMemoryCountsOnThisProcess() {
		assumeTrue(Files.isReadable(Paths.get("/proc/self/stat")), "Linux only");
		long before = BenchModelCommand.pageFaults();
		ByteBuffer fresh = ByteBuffer.allocateDirect(64 << 20);
		long after = BenchModelCommand.pageFaults();
		assertTrue(before >= 0 && after - before >= (64 << 20) / (2 << 20), before + " faults, then " + after +
			" after touching " + fresh.capacity() + " fresh bytes (at least one per 2 MB huge page)");
	}
}
