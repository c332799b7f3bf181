package org.diffncut.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Writes test images as 8-bit RGB PNG (tests only; the product reads images through {@link RgbImages}). */
public final class RgbPngs {
	private RgbPngs() {}

	/** {@code hwc}: height × width × 3 bytes 0..255, row-major. */
	public static void write(Path file, long[] hwc, int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int i = 3 * (y * width + x);
				image.setRGB(x, y, (int) hwc[i] << 16 | (int) hwc[i + 1] << 8 | (int) hwc[i + 2]);
			}
		if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer");
	}
}
