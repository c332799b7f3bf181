package org.diffncut.hub;

import java.util.Locale;
import java.util.function.LongSupplier;

import org.diffncut.Progress;

/**
 * The bytes of one fetch, over all its files, reported as a {@link Progress} fraction with a stage such as
 * {@code "unet/diffusion_pytorch_model.safetensors: 1.21 GB of 3.44 GB, 25.3 MB/s, 1:28 left"}. Reports come
 * at most every {@link #INTERVAL_NANOS} apart, plus one when a file starts and one at the end, so a progress bar
 * on a terminal or Fiji's status bar is not flooded. Bytes found on disk from an earlier, interrupted run count
 * towards the fraction but not towards the rate.
 */
final class TransferProgress {
	static final long INTERVAL_NANOS = 100_000_000L;

	private final Progress progress;
	private final long total;
	private final LongSupplier nanos;
	private final long start;
	private long done;
	private long resumed;
	private long lastReport;
	private String file = "";

	TransferProgress(Progress progress, long total) {
		this(progress, total, System::nanoTime);
	}

	TransferProgress(Progress progress, long total, LongSupplier nanos) {
		this.progress = progress;
		this.total = total;
		this.nanos = nanos;
		this.start = nanos.getAsLong();
	}

	/** A new file starts, with {@code present} of its bytes already on disk. */
	void startFile(String path, long present) {
		file = path;
		done += present;
		resumed += present;
		report();
	}

	/** {@code bytes} more arrived. */
	void add(long bytes) {
		done += bytes;
		if (nanos.getAsLong() - lastReport >= INTERVAL_NANOS) report();
	}

	/** A transfer restarts from zero (the server ignored the range): its earlier bytes no longer count. */
	void discard(long bytes) {
		done -= bytes;
		resumed = Math.min(resumed, done);
	}

	void finish() {
		done = total;
		progress.report(1, "downloaded " + bytes(total));
	}

	private void report() {
		long now = nanos.getAsLong();
		lastReport = now;
		double seconds = (now - start) / 1e9;
		double rate = seconds > 0 ? (done - resumed) / seconds : 0;
		StringBuilder stage = new StringBuilder(file).append(": ").append(bytes(done)).append(" of ").append(bytes(total));
		if (rate > 0) {
			stage.append(", ").append(bytes(Math.round(rate))).append("/s");
			stage.append(", ").append(Progress.duration(Math.round((total - done) / rate))).append(" left");
		}
		progress.report(total == 0 ? 1 : (double) done / total, stage.toString());
	}

	/** Decimal units, three significant digits: 999 B, 1.21 kB, 25.3 MB, 3.44 GB. */
	static String bytes(long n) {
		if (n < 1000) return n + " B";
		String[] units = { "kB", "MB", "GB", "TB" };
		double v = n;
		int u = -1;
		while (v >= 999.5 && u < units.length - 1) {
			v /= 1000;
			u++;
		}
		String format = v >= 99.95 ? "%.0f %s" : v >= 9.995 ? "%.1f %s" : "%.2f %s";
		return String.format(Locale.ROOT, format, v, units[u]);
	}
}
