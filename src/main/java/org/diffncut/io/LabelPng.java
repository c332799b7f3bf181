package org.diffncut.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Label maps as grayscale PNG: written 16-bit, read from 8- or 16-bit single-band files (raw values, no
 * colour conversion, so palette or RGB files are refused rather than misread).
 */
public final class LabelPng {
	private LabelPng() {}

	/** A label map: {@code width × height} values, row-major. */
	public static final class Labels {
		public final int width, height;
		public final int[] values;

		public Labels(int width, int height, int[] values) {
			if ((long) width * height != values.length) throw new IllegalArgumentException(values.length +
				" labels do not fill " + width + "x" + height);
			this.width = width;
			this.height = height;
			this.values = values;
		}
	}

	/**
	 * Writes {@code labels} (unsigned 16-bit, row-major) as a 16-bit grayscale PNG. The file appears atomically:
	 * it is written beside the target and moved into place, so a failure never leaves a partial label image.
	 */
	public static void write(Path file, short[] labels, int width, int height) throws IOException {
		AtomicFile.write(file, out -> write(out, labels, width, height));
	}

	/** Encodes {@code labels} as {@link #write(Path, short[], int, int)} does, onto {@code out} (not closed). */
	public static void write(OutputStream out, short[] labels, int width, int height) throws IOException {
		if ((long) width * height != labels.length) throw new IllegalArgumentException(labels.length +
			" labels do not fill " + width + "x" + height);
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
		WritableRaster raster = image.getRaster();
		int[] row = new int[width];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) row[x] = labels[y * width + x] & 0xffff;
			raster.setSamples(0, y, width, 1, 0, row);
		}
		if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
	}

	/** Reads an 8- or 16-bit single-band PNG (or any such image ImageIO reads) as raw label values. */
	public static Labels read(Path file) throws IOException {
		if (!Files.exists(file)) throw new NoSuchFileException(file + ": label image not found");
		try (InputStream in = Files.newInputStream(file)) {
			return read(in, file.toString());
		}
	}

	/** As {@link #read(Path)}, from the file's bytes in {@code in} (not closed), named {@code file} in messages. */
	public static Labels read(InputStream in, String file) throws IOException {
		BufferedImage image;
		try {
			image = ImageIO.read(in);
		}
		catch (IOException | RuntimeException e) {
			throw new IOException(file + ": cannot decode the label image (" + e.getMessage() + ")", e);
		}
		if (image == null) throw new IOException(file + ": not an image format Java can read");
		Raster raster = image.getRaster();
		int bits = raster.getSampleModel().getSampleSize(0);
		boolean indexed = image.getColorModel() instanceof java.awt.image.IndexColorModel;
		if (raster.getNumBands() != 1 || bits > 16 || (indexed && bits > 8)) throw new IOException(file +
			": a label image must be single-band 8- or 16-bit grayscale, this one has " + raster.getNumBands() +
			" band(s) of " + bits + " bits");
		int w = image.getWidth(), h = image.getHeight();
		int[] values = new int[w * h];
		raster.getSamples(0, 0, w, h, 0, values);
		return new Labels(w, h, values);
	}
}
