package org.diffncut.eval;

import java.io.IOException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

import org.diffncut.io.LabelPng.Labels;

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
}
