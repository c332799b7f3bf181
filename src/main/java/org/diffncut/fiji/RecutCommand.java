package org.diffncut.fiji;

import org.diffncut.ij.Opt;
import org.diffncut.ij.RecutState;
import org.diffncut.ij.SegmentRois;
import org.diffncut.ij.Workspace;
import org.diffncut.ncut.Partition;
import org.diffncut.ncut.StoppingRule;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.command.Previewable;
import org.scijava.log.LogService;
import org.scijava.module.MutableModuleItem;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.NumberWidget;

import ij.ImagePlus;

/**
 * Diffusion NCut Re-cut for scripts and {@code CommandService}: moves the NCut threshold of the last segmentation of an image
 * and re-labels at once from its kept split tree (no model pass), live on the label image and overlay while the
 * slider moves.
 */
@Plugin(type = Command.class, attrs = @Attr(name = "no-legacy"), initializer = "init",
	description = "Change the number of segments of the last Diffusion NCut run instantly.")
public class RecutCommand extends DynamicCommand implements Previewable {
	@Parameter
	private LogService log;
	@Parameter
	private DiffusionNCutService service;

	/** Optional, so that where nothing fills it the command says so itself (see SegmentationCommand.input). */
	@Parameter(persist = false, label = "Image (input or labels)", required = false)
	private ImagePlus image;

	@Parameter(persist = false, label = "NCut threshold", style = NumberWidget.SLIDER_STYLE, min = "0", max = "2", stepSize = "0.01",
		callback = "preview", description = "Split while the best cut's NCut is below this: lower " +
			"gives fewer, larger segments.")
	private double threshold = Opt.THRESHOLD_DEFAULT;

	@Parameter(persist = false, label = Opt.ROIS_LABEL, description = "Append the re-cut segments to the ROI Manager when done.")
	private boolean rois = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Segments")
	private int segments;

	private RecutState state;

	/** Fits the slider to the tree the run kept. */
	protected void init() {
		state = image == null ? null : service.workspace().recent(image.getID());
		if (state == null || state.range() <= 0) return;
		MutableModuleItem<Double> item = getInfo().getMutableInput("threshold", Double.class);
		item.setMaximumValue(state.range());
		threshold = Math.min(threshold, state.range());
	}

	@Override
	public void run() {
		if (image == null) {
			fail("no image: open the labels or the input of a Diffusion NCut segmentation first");
			return;
		}
		if (state == null) state = service.workspace().recent(image.getID());
		if (state == null) {
			fail("no Diffusion NCut segmentation of " + image.getTitle() + " is kept: run Diffusion NCut " +
				"Segmentation on a single image first (the last " + Workspace.RECENT + " are kept)");
			return;
		}
		segments = apply();
		if (rois && !SegmentRois.toRoiManager(state.rois())) log.warn("Diffusion NCut Re-cut: no display, ROIs not " +
			"added to the ROI Manager");
		log.info("Diffusion NCut Re-cut: " + image.getTitle() + " at NCut threshold " + Opt.number(threshold) + ": " +
			segments + " segments");
	}

	@Override
	public void preview() {
		if (state != null) apply();
	}

	/** Back to the run's own rule. */
	@Override
	public void cancel() {
		if (state != null) state.reset();
	}

	private int apply() {
		StoppingRule rule = StoppingRule.ncut(threshold);
		Partition p = state.preview(rule);
		if (p.truncated() > 0) log.warn("Diffusion NCut Re-cut: the tree was grown only to NCut threshold " + Opt
			.number(state.range()) + "; " + p.truncated() + " segments would split further in a new run (raise the " +
			"re-cut range)");
		return state.apply(rule);
	}

	private void fail(String message) {
		log.error("Diffusion NCut Re-cut: " + message);
		cancel("Diffusion NCut Re-cut: " + message);
	}
}
