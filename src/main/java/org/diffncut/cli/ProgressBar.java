package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.diffncut.eval.BenchmarkRun;

/**
 * A text progress bar for runs over many images: done/total, percent, seconds per segmented image and the time
 * left at that pace. On a terminal it redraws one line; in a log it writes one line per update.
 */
final class ProgressBar implements BenchmarkRun.Tracker {
	private static final int WIDTH = 30;

	private final PrintWriter err;
	private final boolean redraw;
	private final LongSupplier nanoTime;
	private final long start;

	ProgressBar(PrintWriter err, boolean redraw, LongSupplier nanoTime) {
		this.err = err;
		this.redraw = redraw;
		this.nanoTime = nanoTime;
		this.start = nanoTime.getAsLong();
	}

	/** On stderr, redrawn if the JVM has a console. */
	static ProgressBar forTerminal(PrintWriter err) {
		return new ProgressBar(err, System.console() != null, System::nanoTime);
	}

	@Override
	public void update(int done, int total, int segmented, String id) {
		int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
		StringBuilder line = new StringBuilder("[");
		for (int k = 0; k < WIDTH; k++) line.append(k < filled ? '#' : '.');
		line.append(String.format(Locale.ROOT, "] %d/%d %5.1f%%", done, total, 100.0 * done / total));
		if (segmented > 0) {
			double perImage = (nanoTime.getAsLong() - start) * 1e-9 / segmented;
			line.append(String.format(Locale.ROOT, "  %.1f s/image  ETA %s", perImage, clock(perImage * (total -
				done))));
		}
		line.append("  ").append(id);
		if (redraw) {
			err.print("\r" + line + "\u001b[K");
			if (done == total) err.println();
		}
		else err.println(line);
		err.flush();
	}

	/** h:mm:ss */
	static String clock(double seconds) {
		long s = Math.round(seconds);
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}
}
