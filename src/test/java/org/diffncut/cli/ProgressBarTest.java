package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

	@Test
	void etaFollowsThePaceOfSegmentedImages() {
		StringWriter text = new StringWriter();
		long[] now = { 1_000_000_000L };
		ProgressBar bar = new ProgressBar(new PrintWriter(text), false, () -> now[0]);
		bar.update(1, 4, 0, "a"); // resumed: no pace yet
		now[0] += 20_000_000_000L; // two images segmented in 20 s: 10 s each, 1 left
		bar.update(3, 4, 2, "c");
		assertEquals("[#######.......................] 1/4  25.0%  a\n" +
			"[######################........] 3/4  75.0%  10.0 s/image  ETA 0:00:10  c\n", text.toString());
	}

	@Test
	void redrawnLineEndsWithTheRun() {
		StringWriter text = new StringWriter();
		ProgressBar bar = new ProgressBar(new PrintWriter(text), true, () -> 0);
		bar.update(1, 1, 0, "a");
		assertEquals("\r[##############################] 1/1 100.0%  a\u001b[K\n", text.toString());
	}

	@Test
	void clock() {
		assertEquals("1:01:01", ProgressBar.clock(3661.4));
		assertEquals("0:00:00", ProgressBar.clock(0));
	}
}
