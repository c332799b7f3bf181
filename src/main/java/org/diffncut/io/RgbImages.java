package org.diffncut.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Reads any image ImageIO decodes (PNG, JPEG, BMP, GIF) as packed ARGB. Grayscale images of more than 8 bits
 * (16-bit PNG scans, float TIFF) are scaled linearly from their own minimum and maximum to 0..255 before they
 * become gray RGB; NaN or infinite pixels are taken as the minimum, with a warning.
 */
public final class RgbImages {
	private RgbImages() {}

	public static ArrayImg<ARGBType, IntArray> read(Path file) throws IOException {
		return read(file, w -> { });
	}

	/** As {@link #read(Path)}; {@code warnings} receives a line if the image has NaN or infinite pixels. */
	public static ArrayImg<ARGBType, IntArray> read(Path file, Consumer<String> warnings) throws IOException {
		if (!Files.exists(file)) throw new NoSuchFileException(file + ": image not found");
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString(), warnings);
		}
	}

	/** Reads the image file held by {@code in}, named {@code name} in messages; does not close the stream. */
	public static ArrayImg<ARGBType, IntArray> read(InputStream in, String name) throws IOException {
		return read(in, name, w -> { });
	}

	private static ArrayImg<ARGBType, IntArray> read(InputStream in, String name, Consumer<String> warnings)
		throws IOException
	{
		BufferedImage image;
		try {
			image = ImageIO.read(in);
		}
		catch (IOException | RuntimeException e) {
			throw new IOException(name + ": cannot decode the image (" + e.getMessage() + ")", e);
		}
		if (image == null) throw new IOException(name + ": not an image format Java can read (PNG, JPEG, BMP, GIF)");
		int w = image.getWidth(), h = image.getHeight();
		int[] argb = new int[w * h];
		Raster raster = image.getRaster();
		if (raster.getNumBands() == 1 && raster.getSampleModel().getSampleSize(0) > 8 &&
			!(image.getColorModel() instanceof java.awt.image.IndexColorModel))
		{
			double[] v = raster.getSamples(0, 0, w, h, 0, (double[]) null);
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			int nonFinite = 0;
			for (double s : v) {
				if (!Double.isFinite(s)) nonFinite++;
				else {
					min = Math.min(min, s);
					max = Math.max(max, s);
				}
			}
			if (nonFinite > 0) warnings.accept(name + ": " + nonFinite + " NaN or infinite pixel" + (nonFinite == 1 ? ""
				: "s") + " taken as the minimum");
			if (nonFinite == v.length) min = max = 0;
			double scale = max > min ? 255.0 / (max - min) : 0;
			for (int i = 0; i < v.length; i++) {
				int g = Double.isFinite(v[i]) ? (int) Math.round((v[i] - min) * scale) : 0;
				argb[i] = 0xff000000 | g << 16 | g << 8 | g;
			}
		}
		else image.getRGB(0, 0, w, h, argb, 0, w);
		return ArrayImgs.argbs(argb, w, h);
	}
}
