package org.diffncut.segmentation;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * A label image: {@code width × height} unsigned 16-bit segment ids 0..count−1, row-major, numbered by size
 * (segment 0 covers the most pixels; ties go to the segment first in the split tree's depth-first order).
 */
public final class LabelImage {
	private final int width, height, count;
	private final short[] labels;

	public LabelImage(int width, int height, short[] labels, int count) {
		if ((long) width * height != labels.length) throw new IllegalArgumentException(labels.length +
			" labels do not fill " + width + "x" + height);
		this.width = width;
		this.height = height;
		this.labels = labels;
		this.count = count;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Number of segments. */
	public int count() {
		return count;
	}

	/** Row-major labels (shared, not copied). */
	public short[] labels() {
		return labels;
	}

	public int get(int x, int y) {
		return labels[y * width + x] & 0xffff;
	}

	/** An ImgLib2 view over the same array. */
	public ArrayImg<UnsignedShortType, ShortArray> img() {
		return ArrayImgs.unsignedShorts(labels, width, height);
	}
}
