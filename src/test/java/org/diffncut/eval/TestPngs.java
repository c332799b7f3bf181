package org.diffncut.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Writes the PNG kinds the datasets ship (8-bit gray labels, RGB photos) for tests; LabelPng writes 16-bit. */
public final class TestPngs {
	private TestPngs() {}

	/** An 8-bit grayscale PNG of {@code values} (0..255, row-major). */
	public static Path gray8(Path file, int width, int height, int... values) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		image.getRaster().setPixels(0, 0, width, height, values);
		return write(image, file, "png");
	}

	/** An RGB image of packed 0xRRGGBB values; {@code format} "png" or "jpg". */
	public static Path rgb(Path file, String format, int width, int height, int... rgb) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, width, height, rgb, 0, width);
		return write(image, file, format);
	}

	private static Path write(BufferedImage image, Path file, String format) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		if (!ImageIO.write(image, format, file.toFile())) throw new IOException("no " + format + " writer");
		return file;
	}
}
