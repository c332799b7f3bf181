package org.diffncut.volume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.AttentionResult;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.ForegroundCut;
import org.diffncut.pipeline.StackLabels;
import org.diffncut.pipeline.Timings;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

/**
 * Segments a volume slice by slice along one axis into one label volume. Background voxels (0 in every channel)
 * get label 0 and never enter a graph ({@link ForegroundCut}); a slice without foreground gets no model pass.
 * Foreground ids are 1..K and consistent across slices: each slice's segments are matched to the previous
 * segmented slice's ({@link StackLabels}). Slices go through the model in batches of {@code batch}, in order, one
 * model pass per batch, and each batch's attention matrices are released before the next is computed.
 */
public final class VolumeSegmenter {
	/** Cosine similarity below which a segment starts a new id rather than continuing the previous slice's. */
	public static final double MIN_SIMILARITY = StackLabels.DEFAULT_MIN_SIMILARITY;

	private final DiffusionSegmenter segmenter;
	private final AttentionOptions attention;
	private final CutOptions cut;
	private final int axis, batch;

	public VolumeSegmenter(DiffusionSegmenter segmenter, AttentionOptions attention, CutOptions cut, int axis,
		int batch)
	{
		if (axis < 0 || axis > 2) throw new IllegalArgumentException("axis must be 0, 1 or 2, not " + axis);
		if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, not " + batch);
		this.segmenter = segmenter;
		this.attention = attention;
		this.cut = cut;
		this.axis = axis;
		this.batch = batch;
	}

	/**
	 * A segmenter of {@code batch} slices per pass, or, when null, of the model's default batch
	 * ({@link org.diffncut.model.StableDiffusion#defaultBatch}): one slice per pass on the CPU, on a GPU as many as
	 * its free memory holds.
	 */
	public static VolumeSegmenter of(DiffusionSegmenter segmenter, AttentionOptions attention, CutOptions cut,
		int axis, Integer batch)
	{
		return new VolumeSegmenter(segmenter, attention, cut, axis,
			batch != null ? batch : segmenter.model().defaultBatch(attention.resolution()));
	}

	/** A label volume and what it took. */
	public static final class Result {
		/** Label ids in NIfTI order, 0 background. */
		public final short[] labels;
		public final int slices, segmented, segments;
		public final Timings timings;

		Result(short[] labels, int slices, int segmented, int segments, Timings timings) {
			this.labels = labels;
			this.slices = slices;
			this.segmented = segmented;
			this.segments = segments;
			this.timings = timings;
		}
	}

	/**
	 * @param progress fraction of the slices done; the stage names the slice
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true
	 * @throws IllegalStateException when the volume needs more than 65535 foreground ids
	 */
	public Result segment(Channels channels, Progress progress, BooleanSupplier canceled) throws IOException {
		int slices = channels.slices(axis), w = channels.width(axis), h = channels.height(axis);
		short[] labels = new short[channels.reference().values().length];
		StackLabels stack = new StackLabels(MIN_SIMILARITY);
		Timings timings = new Timings();
		int segmented = 0;
		List<Integer> pending = new ArrayList<>();
		List<boolean[]> masks = new ArrayList<>(); // the pending slices' foreground
		for (int s = 0; s <= slices; s++) {
			boolean[] mask = s < slices ? channels.foreground(axis, s) : null;
			if (mask != null) {
				pending.add(s);
				masks.add(mask);
			}
			if (pending.isEmpty() || pending.size() < batch && s < slices) continue;
			Cancel.check(canceled, "slice " + (pending.get(0) + 1));
			List<RandomAccessibleInterval<ARGBType>> images = new ArrayList<>();
			for (int slice : pending) images.add(channels.slice(axis, slice));
			List<AttentionResult> passes = new ArrayList<>(segmenter.attention(images, attention, Progress.NONE,
				canceled));
			for (int i = 0; i < pending.size(); i++) {
				int slice = pending.get(i);
				AttentionResult a = passes.set(i, null); // released as soon as it is cut
				timings.addAll(DiffusionSegmenter.timings(a.times()));
				boolean[] fg = masks.get(i);
				ForegroundCut c = ForegroundCut.segment(a.transitions(), fg, a.window(), w, h, segmenter.placed(cut), timings,
					Progress.NONE, canceled);
				short[] ids = stack.next(c.labels(), c.features());
				if (stack.ids() > StackLabels.MAX_ID) throw new IllegalStateException("the volume needs " + stack.ids() +
					" segment ids besides the background, more than uint16 labels hold: use a coarser stopping rule");
				for (int y = 0, p = 0; y < h; y++)
					for (int x = 0; x < w; x++, p++)
						if (fg[p]) labels[channels.voxel(axis, slice, x, y)] = (short) (ids[p] + 1);
				segmented++;
				progress.report((double) (slice + 1) / slices, "slice " + (slice + 1) + "/" + slices);
			}
			pending.clear();
			masks.clear();
		}
		progress.report(1, "slice " + slices + "/" + slices);
		return new Result(labels, slices, segmented, stack.ids(), timings);
	}
}
