package org.diffncut.fiji;

import org.diffncut.Progress;
import org.scijava.app.StatusService;

/** Core progress on Fiji's status bar: the fraction as a bar of 1000 steps, the stage as status text. */
final class StatusProgress implements Progress {
	private final StatusService status;
	private final String prefix;
	private int last = -1;
	private String lastStage;

	StatusProgress(StatusService status, String prefix) {
		this.status = status;
		this.prefix = prefix;
	}

	@Override
	public void report(double fraction, String stage) {
		int step = (int) Math.round(1000 * Math.max(0, Math.min(1, fraction)));
		if (step != last) status.showProgress(last = step, 1000);
		if (!stage.equals(lastStage)) status.showStatus(prefix + (lastStage = stage));
	}

	/** Ends the bar and clears the status. */
	void done() {
		status.showProgress(1000, 1000);
		status.clearStatus();
	}
}
