package org.diffncut;

import java.util.Locale;

/**
 * Progress of a long computation, as a fraction in [0, 1] and the name of the current stage. The core reports
 * through this interface only; the Fiji layer maps it to its status bar, the command line to stderr.
 * Cancellation travels the other way, as a {@link java.util.function.BooleanSupplier} that the core polls
 * between steps, throwing {@link java.util.concurrent.CancellationException} when it answers true.
 */
@FunctionalInterface
public interface Progress {
	void report(double fraction, String stage);

	Progress NONE = (fraction, stage) -> { };

	/** A time span for a stage text, {@code m:ss} or {@code h:mm:ss}: "1:28", "20:00:00". */
	static String duration(long seconds) {
		long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
		return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
			: String.format(Locale.ROOT, "%d:%02d", m, s);
	}

	/** A child progress whose [0, 1] maps to [from, from + width] of this one. */
	default Progress range(double from, double width) {
		return (fraction, stage) -> report(from + width * Math.max(0, Math.min(1, fraction)), stage);
	}
}
