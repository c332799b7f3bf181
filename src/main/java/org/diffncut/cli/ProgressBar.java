package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.diffncut.Progress;

/**
 * {@link Progress} drawn on stderr: on a terminal one line redrawn in place
 * ({@code [#######-------------]  35% <stage>}), elsewhere (a log file, a CI job) one line per tenth, so logs stay
 * readable. {@link #close()} ends the line.
 */
final class ProgressBar implements Progress, AutoCloseable {
	private static final int WIDTH = 30;

	private final PrintWriter err;
	private final boolean terminal;
	private int drawn; // length of the line on screen, 0 if none
	private int lastTenth = -1;

	/** @param terminal whether {@code err} is a terminal that understands carriage returns */
	ProgressBar(PrintWriter err, boolean terminal) {
		this.err = err;
		this.terminal = terminal;
	}

	@Override
	public void report(double fraction, String stage) {
		double f = Math.max(0, Math.min(1, fraction));
		int filled = (int) Math.floor(f * WIDTH); // as the percentage: full only when done
		String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " +
			String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)) + " " + stage;
		if (terminal) {
			err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
			drawn = line.length();
		}
		else {
			int tenth = (int) Math.floor(f * 10);
			if (tenth == lastTenth) return;
			lastTenth = tenth;
			err.println(line);
		}
		err.flush();
	}

	@Override
	public void close() {
		if (drawn > 0) err.println();
		drawn = 0;
		err.flush();
	}
}
