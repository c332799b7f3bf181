package org.diffncut.ij;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Segments as ImageJ ROIs: one composite ROI per segment of a label plane, named {@code segment-<id>}
 * ({@code slice-<n>-segment-<id>} in a stack), outlined in its label colour. They are appended to the ROI
 * Manager (never reset) or to an image's overlay, where they replace only the ROIs this class put there.
 */
public final class SegmentRois {
	private SegmentRois() {}

	/** The property that marks our ROIs in an overlay. */
	static final String PROPERTY = "diffncut";

	/**
	 * The ROIs of the labels in {@code plane} (width × height), in label order.
	 *
	 * @param slice the plane's 1-based index along the stack, or 0 for a single image
	 * @param z position to give each ROI: slice and frame of a hyperstack (0 for none); channel is left at 0 (all)
	 * @param first the first label that is a segment: 1 where 0 is background
	 */
	public static List<Roi> of(short[] plane, int width, int height, int slice, int z, int t, int first) {
		int max = -1;
		for (short s : plane) max = Math.max(max, s & 0xffff);
		int[] x0 = new int[max + 1], y0 = new int[max + 1], x1 = new int[max + 1], y1 = new int[max + 1];
		Arrays.fill(x0, Integer.MAX_VALUE);
		Arrays.fill(y0, Integer.MAX_VALUE);
		Arrays.fill(x1, -1);
		Arrays.fill(y1, -1);
		for (int y = 0, p = 0; y < height; y++)
			for (int x = 0; x < width; x++, p++) {
				int l = plane[p] & 0xffff;
				x0[l] = Math.min(x0[l], x);
				y0[l] = Math.min(y0[l], y);
				x1[l] = Math.max(x1[l], x);
				y1[l] = Math.max(y1[l], y);
			}
		List<Roi> rois = new ArrayList<>();
		ThresholdToSelection converter = new ThresholdToSelection();
		for (int l = first; l <= max; l++) {
			if (x1[l] < 0) continue; // id unused in this plane (stack ids)
			int bw = x1[l] - x0[l] + 1, bh = y1[l] - y0[l] + 1;
			ByteProcessor mask = new ByteProcessor(bw, bh);
			byte[] m = (byte[]) mask.getPixels();
			for (int y = 0; y < bh; y++)
				for (int x = 0; x < bw; x++)
					if ((plane[(y0[l] + y) * width + x0[l] + x] & 0xffff) == l) m[y * bw + x] = (byte) 255;
			mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
			Roi roi = converter.convert(mask);
			roi.setLocation(x0[l] + roi.getXBase(), y0[l] + roi.getYBase());
			roi.setName(slice > 0 ? "slice-" + slice + "-segment-" + l : "segment-" + l);
			roi.setStrokeColor(new Color(LabelImages.color(l)));
			roi.setProperty(PROPERTY, String.valueOf(l));
			if (z > 0 || t > 0) roi.setPosition(0, z, t);
			rois.add(roi);
		}
		return rois;
	}

	/**
	 * Appends {@code rois} to the ROI Manager, opening it if needed (a batch-mode macro's own ROI Manager in a
	 * batch-mode macro).
	 *
	 * @return false, doing nothing, when there is no display (headless): use the label image instead
	 */
	public static boolean toRoiManager(List<Roi> rois) {
		if (GraphicsEnvironment.isHeadless()) return false;
		RoiManager rm = RoiManager.getInstance(); // in a batch-mode macro, the macro's hidden ROI Manager
		if (rm == null) rm = RoiManager.getRoiManager();
		boolean visible = rm.isVisible();
		if (visible && rois.size() > 50) rm.setVisible(false); // one repaint instead of one per ROI
		for (Roi roi : rois) rm.addRoi((Roi) roi.clone());
		if (visible) rm.setVisible(true);
		return true;
	}

	/** Shows {@code rois} on {@code imp}'s overlay, replacing the segments shown there before. */
	public static void toOverlay(ImagePlus imp, List<Roi> rois) {
		Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
		clearOverlay(overlay);
		for (Roi roi : rois) overlay.add((Roi) roi.clone());
		imp.setOverlay(overlay);
	}

	/** Removes our segments from {@code overlay}, keeping everything else. */
	static void clearOverlay(Overlay overlay) {
		for (int i = overlay.size() - 1; i >= 0; i--)
			if (overlay.get(i).getProperty(PROPERTY) != null) overlay.remove(i);
	}
}
