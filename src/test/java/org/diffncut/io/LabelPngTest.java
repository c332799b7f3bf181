package org.diffncut.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * Our PNG encoder against the JDK's PNG decoder (javax.imageio), the independent reference: every value comes back,
 * as a 16-bit grayscale image.
 */
class LabelPngTest {
	@Test
	void theJdkDecoderReadsBackEveryValue() throws IOException {
		SplittableRandom r = new SplittableRandom(3);
		int[][] sizes = { { 1, 1 }, { 1, 7 }, { 9, 1 }, { 64, 48 }, { 333, 211 } };
		for (int[] size : sizes) {
			int w = size[0], h = size[1];
			short[] labels = new short[w * h];
			for (int i = 0; i < labels.length; i++) // runs of one label, as segments give, and the extremes
				labels[i] = i % 17 == 0 ? (short) r.nextInt(65536) : i > 0 ? labels[i - 1] : (short) 65535;
			byte[] png = encode(labels, w, h);
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
			assertEquals(BufferedImage.TYPE_USHORT_GRAY, image.getType(), w + "x" + h);
			int[] values = image.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
			int[] expected = new int[w * h];
			for (int i = 0; i < expected.length; i++) expected[i] = labels[i] & 0xffff;
			assertArrayEquals(expected, values, w + "x" + h);
			assertArrayEquals(expected, LabelPng.read(new ByteArrayInputStream(png), "test").values, w + "x" + h);
		}
	}

	@Test
	void labelsThatDoNotFillTheImageAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> encode(new short[5], 2, 3));
		assertThrows(IllegalArgumentException.class, () -> encode(new short[0], 0, 0));
	}

	private static byte[] encode(short[] labels, int w, int h) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		LabelPng.write(out, labels, w, h);
		return out.toByteArray();
	}
}
