package org.diffncut.ij;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * ImgLib2 images in and out of the Segmentation command, for scripts: an X×Y image (gray {@link RealType} or
 * {@link ARGBType} colour), or X×Y×Z of gray planes segmented as a stack (8- and 16-bit unsigned stay 8- and 16-bit,
 * other types become 32-bit); labels come back as an
 * {@code Img<UnsignedShortType>} of the same size that shares the label image's pixels.
 */
public final class ImgLib2Images {
	private ImgLib2Images() {}

	/** {@code image} as an ImagePlus titled {@code title}. */
	public static ImagePlus toImagePlus(RandomAccessibleInterval<?> image, String title) {
		int n = image.numDimensions();
		if (n != 2 && n != 3) throw new IllegalArgumentException("the image has " + n + " dimensions: give X,Y or " +
			"X,Y,Z (a colour image as ARGB, or as an ImagePlus)");
		long w = image.dimension(0), h = image.dimension(1), depth = n == 3 ? image.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE || depth > Integer.MAX_VALUE) throw new IllegalArgumentException("the image is " +
			w + "x" + h + "x" + depth + ": ImageJ planes hold at most 2^31 pixels");
		Object type = image.firstElement();
		boolean rgb = type instanceof ARGBType;
		if (!rgb && !(type instanceof RealType)) throw new IllegalArgumentException("pixels of type " + type.getClass()
			.getSimpleName() + ": give a gray (real-valued) or ARGB image");
		ImageStack stack = new ImageStack((int) w, (int) h);
		for (long z = 0; z < depth; z++) {
			RandomAccessibleInterval<?> plane = n == 3 ? Views.hyperSlice(image, 2, z) : image;
			Cursor<?> c = Views.flatIterable(plane).cursor();
			if (rgb) {
				int[] px = new int[(int) (w * h)];
				for (int i = 0; c.hasNext(); i++) px[i] = ((ARGBType) c.next()).get();
				stack.addSlice(new ColorProcessor((int) w, (int) h, px));
			}
			else {
				float[] px = new float[(int) (w * h)];
				for (int i = 0; c.hasNext(); i++) px[i] = ((RealType<?>) c.next()).getRealFloat();
				FloatProcessor fp = new FloatProcessor((int) w, (int) h, px);
				// 8- and 16-bit stay so: the segmentation windows 16/32-bit values, not 8-bit ones
				stack.addSlice(type instanceof UnsignedByteType ? fp.convertToByteProcessor(false) : type instanceof
					UnsignedShortType ? fp.convertToShortProcessor(false) : fp);
			}
		}
		return new ImagePlus(title, stack);
	}

	/** The planes of a 16-bit label image as one X×Y(×Z) image, without copying. */
	public static Img<UnsignedShortType> labels(ImagePlus labels) {
		int n = labels.getStackSize();
		List<ShortArray> planes = new ArrayList<>(n);
		for (int s = 1; s <= n; s++) planes.add(new ShortArray((short[]) labels.getStack().getPixels(s)));
		long[] dims = n == 1 ? new long[] { labels.getWidth(), labels.getHeight() } : new long[] { labels.getWidth(),
			labels.getHeight(), n };
		PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

}
