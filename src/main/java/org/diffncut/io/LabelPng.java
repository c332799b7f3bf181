package org.diffncut.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

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

	/**
	 * Encodes {@code labels} as {@link #write(Path, short[], int, int)} does, onto {@code out} (not closed). The
	 * encoder is our own (PNG 1.2: IHDR, one zlib IDAT of rows with the Sub filter, IEND), so that writing a label
	 * image loads neither AWT nor ImageIO, whose start-up costs a command-line cut more than the image itself.
	 */
	public static void write(OutputStream out, short[] labels, int width, int height) throws IOException {
		if ((long) width * height != labels.length) throw new IllegalArgumentException(labels.length +
			" labels do not fill " + width + "x" + height);
		if (width < 1 || height < 1) throw new IllegalArgumentException("a label image needs pixels, not " + width +
			"x" + height);
		DataOutputStream png = new DataOutputStream(out);
		png.write(SIGNATURE);
		ByteArrayOutputStream header = new ByteArrayOutputStream(13);
		DataOutputStream h = new DataOutputStream(header);
		h.writeInt(width);
		h.writeInt(height);
		h.write(new byte[] { 16, 0, 0, 0, 0 }); // 16-bit, grayscale, deflate, adaptive filters, no interlace
		chunk(png, "IHDR", header.toByteArray());
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
			byte[] row = new byte[1 + 2 * width];
			row[0] = 1; // Sub: each sample minus its left neighbour, zero inside a segment
			for (int y = 0; y < height; y++) {
				int previous = 0;
				for (int x = 0, o = y * width; x < width; x++) {
					int v = labels[o + x] & 0xffff; // big-endian bytes, each minus the same byte of the left sample
					row[1 + 2 * x] = (byte) ((v >>> 8) - (previous >>> 8));
					row[2 + 2 * x] = (byte) ((v & 0xff) - (previous & 0xff));
					previous = v;
				}
				z.write(row);
			}
		}
		finally {
			deflater.end();
		}
		chunk(png, "IDAT", compressed.toByteArray());
		chunk(png, "IEND", new byte[0]);
		png.flush();
	}

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	/** Length, type, data, CRC-32 of type and data. */
	private static void chunk(DataOutputStream png, String type, byte[] data) throws IOException {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		png.writeInt(data.length);
		png.write(name);
		png.write(data);
		png.writeInt((int) crc.getValue());
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
