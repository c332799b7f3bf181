package org.diffncut.ij;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.diffncut.image.IntensityWindow;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The planes of an ImagePlus as the RGB images the model sees, through ImgLib2 views over ImageJ's own pixel
 * arrays (no copy; nothing is ever written to them). 8-bit and RGB pixels are used as they are; 8-bit indexed
 * colour goes through its LUT; 16/32-bit channels are windowed ({@link IntensityWindow}) per channel over the
 * whole stack, so that every slice of a volume gets the same contrast. A multichannel image shows up to three
 * chosen channels as red, green and blue.
 */
public final class ImagePlusImages {
	/** Smallest width and height segmented: below it the attention grid has nothing to say. */
	public static final int MIN_SIDE = 8;

	private final ImagePlus imp;
	private final int[] channels; // 1-based
	private final List<IntensityWindow> windows = new ArrayList<>();

	/**
	 * @param channels the channels (1-based) to show as R, G, B; empty for the first up to three
	 * @param warnings receives one line per channel holding NaN or infinite values
	 * @throws IllegalArgumentException for an empty or too small image, or channels the image lacks
	 */
	public ImagePlusImages(ImagePlus imp, int[] channels, IntensityWindow.Mode mode, Consumer<String> warnings) {
		check(imp);
		this.imp = imp;
		this.channels = channels(imp, channels);
		if (color(imp)) return;
		int n = imp.getNChannels();
		for (int c : this.channels) {
			IntensityWindow w = imp.getBitDepth() == 8 ? IntensityWindow.BYTE
				: IntensityWindow.of(Views.stack(channelPlanes(c)), mode);
			if (w.nonFinite() > 0) warnings.accept(imp.getTitle() + ": " + w.nonFinite() + " NaN or infinite pixel" +
				(w.nonFinite() == 1 ? "" : "s") + (n > 1 ? " in channel " + c : "") + " taken as the minimum");
			windows.add(w);
		}
	}

	/**
	 * The channels (1-based) of {@code imp} to show as R, G, B: {@code requested}, or the first up to three when it
	 * is empty; the one channel of an RGB image.
	 *
	 * @throws IllegalArgumentException for a channel the image lacks, or an RGB image with several channels
	 */
	static int[] channels(ImagePlus imp, int[] requested) {
		int n = imp.getNChannels();
		if (color(imp)) {
			if (n > 1) throw new IllegalArgumentException("an RGB image with " + n + " channels: make it one RGB " +
				"image or a composite (Image > Color > Make Composite)");
			return new int[] { 1 };
		}
		int[] channels = requested;
		if (channels.length == 0) {
			channels = new int[Math.min(3, n)];
			for (int c = 0; c < channels.length; c++) channels[c] = c + 1;
		}
		for (int c : channels)
			if (c > n) throw new IllegalArgumentException("channels: the image has " + n + " channel" +
				(n == 1 ? "" : "s") + ", there is no channel " + c);
		return channels;
	}

	/** True for RGB and 8-bit indexed colour, whose pixels are colours rather than channel values. */
	static boolean color(ImagePlus imp) {
		return imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256;
	}

	/** Refuses images the segmenter cannot take, with a message saying what to do. */
	public static void check(ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("no image: open one first");
		if (imp.getStackSize() < 1 || imp.getProcessor() == null) throw new IllegalArgumentException(imp.getTitle() +
			" is an empty stack: open an image with at least one slice");
		if (imp.getWidth() < MIN_SIDE || imp.getHeight() < MIN_SIDE) throw new IllegalArgumentException(imp.getTitle() +
			" is " + imp.getWidth() + "x" + imp.getHeight() + " px: Diffusion NCut needs at least " + MIN_SIDE + "x" +
			MIN_SIDE + "; scale it up (Image > Scale) or pick a larger image");
		int type = imp.getType();
		if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16 && type != ImagePlus.GRAY32 &&
			type != ImagePlus.COLOR_RGB && type != ImagePlus.COLOR_256) throw new IllegalArgumentException(
				imp.getTitle() + " has an unsupported type (" + type + "): convert it to 8-bit, 16-bit, 32-bit or RGB");
	}

	/** Number of planes to segment: slices × frames. */
	public int planes() {
		return imp.getNSlices() * imp.getNFrames();
	}

	/** Plane {@code index} (0-based, slices varying fastest) as RGB; a lazy view, valid while the image is. */
	public RandomAccessibleInterval<ARGBType> plane(int index) {
		int z = index % imp.getNSlices() + 1, t = index / imp.getNSlices() + 1;
		if (color(imp)) {
			ImageProcessor ip = processor(1, z, t);
			if (imp.getType() == ImagePlus.COLOR_256) ip = ip.convertToRGB(); // a new processor: the input stays
			return ArrayImgs.argbs((int[]) ip.getPixels(), ip.getWidth(), ip.getHeight());
		}
		List<RandomAccessibleInterval<FloatType>> shown = new ArrayList<>();
		for (int c : channels) shown.add(gray(processor(c, z, t)));
		return IntensityWindow.toArgb(shown, windows);
	}


	/** A gray processor as float values, over its own pixel array. */
	static RandomAccessibleInterval<FloatType> gray(ImageProcessor ip) {
		int w = ip.getWidth(), h = ip.getHeight();
		Object pixels = ip.getPixels();
		if (pixels instanceof float[]) return ArrayImgs.floats((float[]) pixels, w, h);
		if (pixels instanceof short[]) return Converters.convert((RandomAccessibleInterval<net.imglib2.type.numeric
			.integer.UnsignedShortType>) ArrayImgs.unsignedShorts((short[]) pixels, w, h), (in, out) -> out.set(in
				.getRealFloat()), new FloatType());
		if (pixels instanceof byte[]) return Converters.convert((RandomAccessibleInterval<net.imglib2.type.numeric
			.integer.UnsignedByteType>) ArrayImgs.unsignedBytes((byte[]) pixels, w, h), (in, out) -> out.set(in
				.getRealFloat()), new FloatType());
		throw new IllegalArgumentException("not a gray image: " + ip.getClass().getSimpleName());
	}

	private List<RandomAccessibleInterval<FloatType>> channelPlanes(int c) {
		List<RandomAccessibleInterval<FloatType>> planes = new ArrayList<>();
		for (int t = 1; t <= imp.getNFrames(); t++)
			for (int z = 1; z <= imp.getNSlices(); z++) planes.add(gray(processor(c, z, t)));
		return planes;
	}

	private ImageProcessor processor(int c, int z, int t) {
		ImageStack stack = imp.getStack();
		return stack.getProcessor(imp.getStackIndex(c, z, t));
	}
}
