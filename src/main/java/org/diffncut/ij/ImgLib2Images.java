package org.diffncut.ij;

import java.util.ArrayList;
import java.util.Arrays;
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
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * ImgLib2 images in and out of the Segmentation command, for scripts: an X×Y image (gray {@link RealType} or
 * {@link ARGBType} colour), X×Y×Z of gray planes segmented as a stack, or, with its axis types (an ImageJ2 image),
 * X,Y with channels, slices and frames (8- and 16-bit unsigned stay 8- and 16-bit,
 * other types become 32-bit); labels come back as an
 * {@code Img<UnsignedShortType>} of the same size that shares the label image's pixels.
 */
public final class ImgLib2Images {
	private ImgLib2Images() {}

	/** {@code image} (X,Y or X,Y,Z: an image without axis types) as an ImagePlus titled {@code title}. */
	public static ImagePlus toImagePlus(RandomAccessibleInterval<?> image, String title) {
		return toImagePlus(image, title, null);
	}

	/**
	 * {@code image} as an ImagePlus titled {@code title}, its dimensions read by {@code axes} (one type label per
	 * dimension as ImageJ2 names them: X, Y, then any of Channel, Z, Time), or as X,Y[,Z] when null. Channels
	 * become the ImagePlus's channels, so that an RGB image held as X,Y,Channel is segmented as one colour image.
	 *
	 * @throws IllegalArgumentException for other axes, too many dimensions, or pixels neither real nor ARGB
	 */
	public static ImagePlus toImagePlus(RandomAccessibleInterval<?> image, String title, List<String> axes) {
		int n = image.numDimensions();
		if (axes == null) {
			if (n != 2 && n != 3) throw new IllegalArgumentException("the image has " + n + " dimensions: give X,Y or " +
				"X,Y,Z (a colour image as ARGB, or as an ImagePlus)");
			axes = n == 2 ? List.of(X, Y) : List.of(X, Y, Z);
		}
		// where channel, slice and frame lie among the dimensions (-1: absent)
		int[] czt = { -1, -1, -1 };
		boolean ok = axes.size() == n && n >= 2 && X.equals(axes.get(0)) && Y.equals(axes.get(1));
		for (int d = 2; d < n && ok; d++) {
			int k = Arrays.asList(CZT).indexOf(axes.get(d));
			ok = k >= 0 && czt[k] < 0;
			if (ok) czt[k] = d;
		}
		if (!ok) throw new IllegalArgumentException("the image's axes are " + axes + ": give X,Y followed by any of " +
			"Channel, Z and Time");
		long w = image.dimension(0), h = image.dimension(1);
		long[] sizes = new long[3];
		for (int k = 0; k < 3; k++) sizes[k] = czt[k] < 0 ? 1 : image.dimension(czt[k]);
		if (w * h > Integer.MAX_VALUE || sizes[0] * sizes[1] * sizes[2] > Integer.MAX_VALUE) throw new
			IllegalArgumentException("the image is " + Arrays.toString(Intervals.dimensionsAsLongArray(image)) +
				": ImageJ planes hold at most 2^31 pixels");
		Object type = image.firstElement();
		boolean rgb = type instanceof ARGBType;
		if (!rgb && !(type instanceof RealType)) throw new IllegalArgumentException("pixels of type " + type.getClass()
			.getSimpleName() + ": give a gray (real-valued) or ARGB image");
		if (rgb && sizes[0] > 1) throw new IllegalArgumentException("the image has " + sizes[0] + " channels of ARGB " +
			"pixels: give one ARGB channel, or gray channels");
		ImageStack stack = new ImageStack((int) w, (int) h);
		long[] at = new long[3];
		for (at[2] = 0; at[2] < sizes[2]; at[2]++)
			for (at[1] = 0; at[1] < sizes[1]; at[1]++)
				for (at[0] = 0; at[0] < sizes[0]; at[0]++) // ImageJ's order: channel fastest, then slice, then frame
					stack.addSlice(plane(plane(image, czt, at), (int) w, (int) h, type));
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions((int) sizes[0], (int) sizes[1], (int) sizes[2]);
		if (sizes[0] > 1 || sizes[2] > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	private static final String X = "X", Y = "Y", Z = "Z";
	/** ImageJ2's names of the channel, slice and frame axes. */
	private static final String[] CZT = { "Channel", Z, "Time" };

	/** The X,Y plane of {@code image} at channel, slice and frame {@code at}. */
	private static RandomAccessibleInterval<?> plane(RandomAccessibleInterval<?> image, int[] czt, long[] at) {
		RandomAccessibleInterval<?> plane = image;
		for (int d = image.numDimensions() - 1; d >= 2; d--) // highest first, so that lower indices stay put
			for (int k = 0; k < 3; k++)
				if (czt[k] == d) plane = Views.hyperSlice(plane, d, at[k]);
		return plane;
	}

	private static ImageProcessor plane(RandomAccessibleInterval<?> plane, int w, int h, Object type) {
		Cursor<?> c = Views.flatIterable(plane).cursor();
		if (type instanceof ARGBType) {
			int[] px = new int[w * h];
			for (int i = 0; c.hasNext(); i++) px[i] = ((ARGBType) c.next()).get();
			return new ColorProcessor(w, h, px);
		}
		float[] px = new float[w * h];
		for (int i = 0; c.hasNext(); i++) px[i] = ((RealType<?>) c.next()).getRealFloat();
		FloatProcessor fp = new FloatProcessor(w, h, px);
		// 8- and 16-bit stay so: the segmentation windows 16/32-bit values, not 8-bit ones
		return type instanceof UnsignedByteType ? fp.convertToByteProcessor(false) : type instanceof UnsignedShortType ?
			fp.convertToShortProcessor(false) : fp;
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
