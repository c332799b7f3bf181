package org.diffncut.ij;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.StackLabels;

import ij.ImagePlus;
import ij.gui.Roi;

/**
 * One run over an ImagePlus: every slice and frame segmented in turn, labels optionally kept consistent along
 * the stack, then the label image and ROIs built. The input is only read. Nothing is built before the last plane
 * is done, so a cancel or an error leaves no half-made output.
 */
public final class ImageSegmentation {
	/** Cosine similarity below which a segment is not matched to one of the previous slice. */
	public static final double MIN_SIMILARITY = 0.5;

	private final ImagePlus input, labels;
	private final List<Roi> rois;
	private final int[] counts;
	private final Segmentation single;
	private final double seconds;

	private ImageSegmentation(ImagePlus input, ImagePlus labels, List<Roi> rois, int[] counts, Segmentation single,
		double seconds)
	{
		this.input = input;
		this.labels = labels;
		this.rois = rois;
		this.counts = counts;
		this.single = single;
		this.seconds = seconds;
	}

	/**
	 * Segments {@code imp} with {@code segmenter}.
	 *
	 * @param log receives one line per plane of a stack
	 * @param warnings receives warnings (NaN pixels)
	 * @throws IllegalArgumentException for an image or settings the segmenter cannot take, saying what to do
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true
	 */
	public static ImageSegmentation run(ImagePlus imp, Settings settings, DiffusionSegmenter segmenter,
		Progress progress, BooleanSupplier canceled, Consumer<String> log, Consumer<String> warnings) throws IOException
	{
		long start = System.nanoTime();
		ImagePlusImages images = new ImagePlusImages(imp, settings.channels(), settings.window(), warnings);
		int n = images.planes();
		StackLabels stack = settings.consistent() && n > 1 ? new StackLabels(MIN_SIMILARITY) : null;
		List<short[]> planes = new ArrayList<>(n);
		int[] counts = new int[n];
		Segmentation last = null;
		for (int i = 0; i < n; i++) {
			Cancel.check(canceled, "plane " + (i + 1) + " of " + n);
			String where = n > 1 ? "slice " + (i + 1) + "/" + n + ": " : "";
			Progress p = progress.range((double) i / n, 1.0 / n);
			Segmentation s = segmenter.segment(images.plane(i), settings.attention(), settings.cut(),
				(f, stage) -> p.report(f, where + stage), canceled);
			counts[i] = s.labels().count();
			planes.add(stack != null ? stack.next(s.labels(), s.labelFeatures()) : s.labels().labels());
			if (n > 1) log.accept(imp.getTitle() + " " + where + counts[i] + " segments in " + String.format(
				java.util.Locale.ROOT, "%.1f s", s.timings().total()));
			last = s;
		}
		ImagePlus labels = LabelImages.create(imp, planes);
		List<Roi> rois = new ArrayList<>();
		if (settings.rois() || settings.overlay()) for (int i = 0; i < n; i++) {
			int z = i % imp.getNSlices() + 1, t = i / imp.getNSlices() + 1;
			rois.addAll(SegmentRois.of(planes.get(i), imp.getWidth(), imp.getHeight(), n > 1 ? i + 1 : 0,
				n > 1 ? z : 0, n > 1 ? t : 0));
		}
		progress.report(1, "done");
		return new ImageSegmentation(imp, labels, Collections.unmodifiableList(rois), counts, n == 1 ? last : null,
			(System.nanoTime() - start) / 1e9);
	}

	public ImagePlus input() {
		return input;
	}

	/** The label image, not yet shown. */
	public ImagePlus labels() {
		return labels;
	}

	/** One ROI per segment and plane (empty when neither ROIs nor overlay were asked for). */
	public List<Roi> rois() {
		return rois;
	}


	/** Segments of all planes together. */
	public int segments() {
		int sum = 0;
		for (int c : counts) sum += c;
		return sum;
	}


	public double seconds() {
		return seconds;
	}

	/**
	 * Hands the result to the user as {@code settings} ask: ROIs to the ROI Manager, overlay on the input, and the
	 * state for Re-cut to {@code workspace}. Returns false if ROIs were asked for but there is no display.
	 */
	public boolean publish(Settings settings, Workspace workspace) {
		if (settings.overlay()) SegmentRois.toOverlay(input, rois);
		if (single != null) workspace.remember(new RecutState(input, labels, single, settings.overlay(), settings
			.recutRange()));
		return !settings.rois() || SegmentRois.toRoiManager(rois);
	}
}
