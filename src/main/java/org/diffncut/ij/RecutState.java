package org.diffncut.ij;

import java.util.List;

import org.diffncut.ncut.Partition;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.pipeline.Segmentation;

import ij.ImagePlus;
import ij.gui.Roi;

/**
 * A segmented single image kept for Re-cut: its input, the label image shown to the user, and the segmentation
 * with its split tree. {@link #apply} re-labels from the tree (no model pass) and updates the label image's pixels
 * and, if the run drew one, the input's overlay, in place.
 */
public final class RecutState {
	private final ImagePlus input, labels;
	private final Segmentation original;
	private final boolean overlay;
	private final double range;
	private Segmentation current;

	/** @param range the largest NCut threshold the tree reproduces exactly (0: only the run's rule) */
	public RecutState(ImagePlus input, ImagePlus labels, Segmentation segmentation, boolean overlay, double range) {
		this.input = input;
		this.labels = labels;
		this.original = segmentation;
		this.current = segmentation;
		this.overlay = overlay;
		this.range = range;
	}

	public ImagePlus input() {
		return input;
	}

	public ImagePlus labels() {
		return labels;
	}

	public Segmentation current() {
		return current;
	}

	/** The largest NCut threshold that re-cuts exactly, as the run was asked to grow the tree. */
	public double range() {
		return range;
	}

	/** Segments {@code rule} leaves on the grid, and how many of them the tree was not grown far enough to split. */
	public Partition preview(StoppingRule rule) {
		return original.tree().partition(rule);
	}

	/** Re-labels with {@code rule} and shows the result on the label image (and overlay); returns the label count. */
	public synchronized int apply(StoppingRule rule) {
		current = original.recut(rule);
		short[] shown = (short[]) labels.getProcessor().getPixels();
		System.arraycopy(current.labels().labels(), 0, shown, 0, shown.length);
		labels.updateAndDraw();
		if (overlay) SegmentRois.toOverlay(input, rois());
		return current.labels().count();
	}

	/** Back to the run's own stopping rule. */
	public int reset() {
		return apply(original.rule());
	}

	/** The ROIs of the current labels. */
	public List<Roi> rois() {
		return SegmentRois.of(current.labels().labels(), labels.getWidth(), labels.getHeight(), 0, 0, 0, 0);
	}
}
