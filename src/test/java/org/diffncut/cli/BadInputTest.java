package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.diffncut.safetensors.SafeTensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: bad input is one line naming the user's file or option and what to do, before any expensive work. */
class BadInputTest {
	@TempDir
	Path tmp;

	/** A uniform P on a 4x4 grid, with {@code metadata} pairs. */
	private Path uniform(String... metadata) throws IOException {
		float[] p = new float[16 * 16];
		Arrays.fill(p, 1f / 16);
		SafeTensorsWriter w = new SafeTensorsWriter().add("P", p, 16, 16);
		for (int i = 0; i < metadata.length; i += 2) w.metadata(metadata[i], metadata[i + 1]);
		Path file = tmp.resolve("P.safetensors");
		w.write(file);
		return file;
	}

	private static void assertOneLine(CliRun r, int code, String message) {
		assertEquals(code, r.code, r.toString());
		String errors = r.errors();
		assertTrue(errors.startsWith("diffncut: ") && errors.contains(message), errors);
		assertEquals(1, errors.split("\n").length, "one line: " + errors);
	}

	/** Item 6. */
	@Test
	void stepsBeyondTheBoundAreRefused() throws IOException {
		Path out = tmp.resolve("l.png");
		assertOneLine(CliRun.of("cut", "--attention", uniform().toString(), "--steps", "1000000", "--out",
			out.toString()), 1, "walk steps must be 1..100, not 1000000");
		assertFalse(Files.exists(out));
	}
}
