package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The drawn lines, written out by hand. */
class ProgressBarTest {
	private final StringWriter text = new StringWriter();

	@Test
	void aTerminalGetsOneLineRedrawnInPlace() {
		try (ProgressBar bar = new ProgressBar(new PrintWriter(text), true)) {
			bar.report(0.5, "unet: 5 of 10");
			bar.report(1, "done");
		}
		String half = "[" + "#".repeat(15) + "-".repeat(15) + "]  50% unet: 5 of 10";
		String full = "[" + "#".repeat(30) + "] 100% done";
		assertEquals("\r" + half + "\r" + full + " ".repeat(half.length() - full.length()) + System.lineSeparator(),
			text.toString());
	}

	@Test
	void aLogGetsOneLinePerTenth() {
		try (ProgressBar bar = new ProgressBar(new PrintWriter(text), false)) {
			bar.report(0.01, "a");
			bar.report(0.02, "b");
			bar.report(0.15, "c");
		}
		String[] lines = text.toString().split(System.lineSeparator());
		assertEquals(2, lines.length);
		assertEquals("[------------------------------]   1% a", lines[0]);
		assertEquals("[####--------------------------]  15% c", lines[1]);
	}
}
