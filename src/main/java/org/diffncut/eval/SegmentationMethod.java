package org.diffncut.eval;

import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.image.Window;
import org.diffncut.io.LabelPng.Labels;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.AttentionCut;
import org.diffncut.segmentation.LabelImage;

/** The method under evaluation: an image in, a map of segment ids out. */
@FunctionalInterface
public interface SegmentationMethod {
	/**
	 * @param image a zero-min square (the centred crop of a dataset image); not modified
	 * @param side the side of the label map wanted
	 * @return segment ids in 0..65535, row-major, {@code side × side} (another square size is resized
	 *         nearest-neighbour)
	 */
	Labels segment(RandomAccessibleInterval<ARGBType> image, int side) throws IOException;

	/** The attention stage of a method: the walk P of an image. */
	@FunctionalInterface
	interface Attention {
		TransitionMatrix of(RandomAccessibleInterval<ARGBType> image) throws IOException;
	}

	/** Diffusion NCut as benchmarked: P of the square, cut with {@code cut}, labels over the whole {@code side}². */
	static SegmentationMethod cutting(Attention attention, CutOptions cut) {
		return (image, side) -> {
			LabelImage labels = AttentionCut.segment(attention.of(image), Window.full(side, side), side, side, cut,
				Progress.NONE, Cancel.NEVER).labels();
			int[] ids = new int[labels.labels().length];
			for (int k = 0; k < ids.length; k++) ids[k] = labels.labels()[k] & 0xffff;
			return new Labels(side, side, ids);
		};
	}
}
