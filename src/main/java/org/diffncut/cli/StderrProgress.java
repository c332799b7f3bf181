package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.diffncut.Progress;

/** Progress on stderr for the command line: one line per stage, with the percentage at which it started. */
final class StderrProgress implements Progress {
	private final PrintWriter err;
	private String stage;

	StderrProgress(PrintWriter err) {
		this.err = err;
	}

	@Override
	public void report(double fraction, String stage) {
		if (stage.equals(this.stage)) return;
		this.stage = stage;
		err.printf(Locale.ROOT, "[%3.0f%%] %s%n", 100 * fraction, stage);
		err.flush();
	}
}
