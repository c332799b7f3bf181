package org.diffncut.ij;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.StackLabels;
import org.diffncut.volume.Channels;
import org.diffncut.volume.VolumeSegmenter;

import ij.ImagePlus;
import ij.gui.Roi;

/**
 * One run over an ImagePlus: every slice and frame segmented in turn, labels optionally kept consistent along
 * the stack, then the label image and ROIs built. The input is only read. Nothing is built before the last plane
 * is done, so a cancel or an error leaves no half-made output.
 * <p>
 * Under the background rule ({@link Settings#background()}: zero, or auto for an image opened from a NIfTI file)
 * the stack is one volume, segmented as the command line segments a NIfTI volume ({@link VolumeSegmenter}): pixels
 * 0 in every channel are label 0 and in no graph, a slice without foreground gets no model pass, each channel is
 * windowed once over the stack's foreground, and ids 1..K are consistent along the stack.
 */
public final class ImageSegmentation {
	/** Cosine similarity below which a segment is not matched to one of the previous slice. */
	public static final double MIN_SIMILARITY = 0.5;

	private final ImagePlus input, labels;
	private final List<Roi> rois;
	private final int segments;
	private final Segmentation single;
	private final double seconds;

	private ImageSegmentation(ImagePlus input, ImagePlus labels, List<Roi> rois, int segments, Segmentation single,
		double seconds)
	{
		this.input = input;
		this.labels = labels;
		this.rois = rois;
		this.segments = segments;
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
		if (zeroBackground(imp, settings)) return volume(imp, settings, segmenter, progress, canceled, log, warnings,
			start);
		ImagePlusImages images = new ImagePlusImages(imp, settings.channels(), settings.window(), warnings);
		int n = images.planes();
		StackLabels stack = settings.consistent() && n > 1 ? new StackLabels(MIN_SIMILARITY) : null;
		List<short[]> planes = new ArrayList<>(n);
		int segments = 0;
		Segmentation last = null;
		for (int i = 0; i < n; i++) {
			Cancel.check(canceled, "plane " + (i + 1) + " of " + n);
			String where = n > 1 ? "slice " + (i + 1) + "/" + n + ": " : "";
			Progress p = progress.range((double) i / n, 1.0 / n);
			Segmentation s = segmenter.segment(images.plane(i), settings.attention(), settings.cut(),
				(f, stage) -> p.report(f, where + stage), canceled);
			int count = s.labels().count();
			segments += count;
			planes.add(stack != null ? stack.next(s.labels(), s.labelFeatures()) : s.labels().labels());
			if (n > 1) log.accept(imp.getTitle() + " " + where + count + " segments in " + String.format(
				Locale.ROOT, "%.1f s", s.timings().total()));
			last = s;
		}
		progress.report(1, "done");
		return new ImageSegmentation(imp, LabelImages.create(imp, planes), rois(imp, planes, settings, 0), segments,
			n == 1 ? last : null, (System.nanoTime() - start) / 1e9);
	}

	/** Whether the background rule applies to {@code imp}: asked for, or auto and the image came from NIfTI. */
	static boolean zeroBackground(ImagePlus imp, Settings settings) {
		switch (settings.background()) {
			case ZERO: return true;
			case NONE: return false;
			default: return ImagePlusChannels.fromNifti(imp);
		}
	}

	/** The stack as one volume through {@link VolumeSegmenter}, the command line's path for NIfTI volumes. */
	private static ImageSegmentation volume(ImagePlus imp, Settings settings, DiffusionSegmenter segmenter,
		Progress progress, BooleanSupplier canceled, Consumer<String> log, Consumer<String> warnings, long start)
		throws IOException
	{
		Channels channels = ImagePlusChannels.of(imp, settings.channels(), settings.window());
		if (!settings.consistent()) warnings.accept(imp.getTitle() + ": the background rule keeps ids consistent " +
			"along the stack; consistent=false does not apply");
		VolumeSegmenter.Result r = VolumeSegmenter.of(segmenter, settings.sliceAttention(), settings.cut(), 2, null)
			.segment(channels, progress, canceled);
		int plane = imp.getWidth() * imp.getHeight();
		List<short[]> planes = new ArrayList<>();
		for (int z = 0; z < r.slices; z++) planes.add(Arrays.copyOfRange(r.labels, z * plane, (z + 1) * plane));
		log.accept(imp.getTitle() + ": background (0 in every channel) is label 0; " + r.segments + " segments in " +
			r.segmented + " of " + r.slices + " slices (the others have no foreground and had no model pass)");
		return new ImageSegmentation(imp, LabelImages.create(imp, planes), rois(imp, planes, settings, 1), r.segments,
			null, (System.nanoTime() - start) / 1e9);
	}

	/** The ROIs of labels {@code first} and up of every plane, when ROIs or an overlay were asked for. */
	private static List<Roi> rois(ImagePlus imp, List<short[]> planes, Settings settings, int first) {
		List<Roi> rois = new ArrayList<>();
		int n = planes.size();
		if (settings.rois() || settings.overlay()) for (int i = 0; i < n; i++) {
			int z = i % imp.getNSlices() + 1, t = i / imp.getNSlices() + 1;
			rois.addAll(SegmentRois.of(planes.get(i), imp.getWidth(), imp.getHeight(), n > 1 ? i + 1 : 0,
				n > 1 ? z : 0, n > 1 ? t : 0, first));
		}
		return Collections.unmodifiableList(rois);
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

	/** Segments of all planes together; under the background rule, the volume's foreground ids. */
	public int segments() {
		return segments;
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
