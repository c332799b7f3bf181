package org.diffncut.spark;

import java.io.PrintWriter;
import java.util.Locale;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.diffncut.Progress;

/**
 * Logs at the driver, as tasks end and once more when the job returns, how many items are done, the rate and the
 * time left.
 */
final class ProgressLog extends SparkListener {
	private final PrintWriter err;
	private final int total;
	private final LongAccumulator processed;
	private final long start = System.nanoTime();
	private long reported;

	/** @param processed items processed so far, counted by the tasks (Spark adds a task's count before it ends) */
	ProgressLog(PrintWriter err, int total, LongAccumulator processed) {
		this.err = err;
		this.total = total;
		this.processed = processed;
	}

	@Override
	public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
		report();
	}

	/**
	 * Logs the count now, unless it was logged already. The driver also calls this when its job returns: Spark
	 * delivers task ends on its listener bus after the fact, so the last of them can arrive after the listener is gone.
	 */
	synchronized void report() {
		long done = processed.value();
		if (done == reported || done == 0) return;
		reported = done;
		double perItem = (System.nanoTime() - start) * 1e-9 / done;
		err.println(String.format(Locale.ROOT, "diffncut-spark: %d/%d items, %.1f s/item, %s left", done, total,
			perItem, Progress.duration(Math.round(perItem * (total - done)))));
		err.flush();
	}
}
