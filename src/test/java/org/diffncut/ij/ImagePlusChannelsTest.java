package org.diffncut.ij;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.image.IntensityWindow;
import org.diffncut.volume.Channels;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import ij.process.StackConverter;

/** ImagePlus stacks as volume channels; references: hand-made 8×8 stacks and their values written out. */
class ImagePlusChannelsTest {
	private static final int SIDE = 8;

	/**
	 * A signed 16-bit volume as ImageJ holds it: raw = value + 32768, with a calibration function that takes the
	 * offset off. Background is where the value, not the raw pixel, is 0; the window is over the values.
	 */
	@Test
	void signedSixteenBitIsReadThroughItsCalibration() {
		ImageStack stack = new ImageStack(SIDE, SIDE);
		short[] empty = new short[SIDE * SIDE], scan = new short[SIDE * SIDE];
		Arrays.fill(empty, (short) 32768); // value 0 everywhere
		Arrays.fill(scan, (short) 32768);
		scan[3] = (short) (32768 - 5);
		scan[9] = (short) (32768 + 7);
		stack.addSlice(new ShortProcessor(SIDE, SIDE, empty, null));
		stack.addSlice(new ShortProcessor(SIDE, SIDE, scan, null));
		ImagePlus imp = new ImagePlus("signed.nii", stack);
		imp.getCalibration().setSigned16BitCalibration();

		Channels c = ImagePlusChannels.of(imp, new int[0], IntensityWindow.Mode.MIN_MAX);
		assertEquals(2, c.foregroundVoxels());
		assertNull(c.foreground(2, 0), "slice 1 is all 0: no foreground");
		boolean[] fg = c.foreground(2, 1);
		for (int i = 0; i < fg.length; i++) assertEquals(i == 3 || i == 9, fg[i], "pixel " + i);
		assertEquals(-5, c.windows().get(0).low());
		assertEquals(7, c.windows().get(0).high());
		assertEquals(-5, c.reference().get(3, 0, 1));
	}

	/** An RGB stack is three channels; a pixel is background only where red, green and blue are all 0. */
	@Test
	void rgbIsThreeChannels() {
		int[] rgb = new int[SIDE * SIDE];
		rgb[0] = 0x010000;
		rgb[1] = 0x000200;
		rgb[2] = 0x000003;
		ImagePlus imp = new ImagePlus("rgb.nii.gz", new ColorProcessor(SIDE, SIDE, rgb));
		Channels c = ImagePlusChannels.of(imp, new int[0], IntensityWindow.Mode.MIN_MAX);
		assertEquals(3, c.windows().size());
		assertEquals(3, c.foregroundVoxels());
		assertArrayEquals(new double[] { 0, 0, 3 }, new double[] { c.windows().get(0).low(), c.windows().get(1).low(),
			c.windows().get(2).high() });
	}

	/** An 8-bit indexed-colour stack ("8-bit Color", as Image > Type makes it) is three channels of its colours. */
	@Test
	void indexedColourIsThreeChannelsOfItsColours() {
		ImageStack stack = new ImageStack(SIDE, SIDE);
		int[] first = new int[SIDE * SIDE], second = new int[SIDE * SIDE];
		first[0] = 0x0a0000;
		second[1] = 0x001400;
		second[2] = 0x05001e;
		stack.addSlice(new ColorProcessor(SIDE, SIDE, first));
		stack.addSlice(new ColorProcessor(SIDE, SIDE, second));
		ImagePlus imp = new ImagePlus("indexed.tif", stack);
		new StackConverter(imp).convertToIndexedColor(256); // four colours: kept exactly
		assertEquals(ImagePlus.COLOR_256, imp.getType());
		Channels c = ImagePlusChannels.of(imp, new int[0], IntensityWindow.Mode.MIN_MAX);
		assertArrayEquals(new double[] { 10, 20, 30 }, new double[] { c.windows().get(0).high(), c.windows().get(1)
			.high(), c.windows().get(2).high() });
		assertEquals(3, c.foregroundVoxels());
		boolean[] one = c.foreground(2, 0), two = c.foreground(2, 1);
		assertTrue(one[0] && !one[1] && !one[2]);
		assertTrue(!two[0] && two[1] && two[2]);
		assertEquals(10, c.reference().values()[0]); // red, slice 1
		assertEquals(5, c.reference().values()[SIDE * SIDE + 2]); // red, slice 2
	}

	@Test
	void oneVolumeAtATime() {
		ImageStack stack = new ImageStack(SIDE, SIDE);
		for (int i = 0; i < 4; i++) stack.addSlice(new ShortProcessor(SIDE, SIDE));
		ImagePlus imp = new ImagePlus("fmri.nii", stack);
		imp.setDimensions(1, 2, 2);
		assertEquals("fmri.nii has 2 frames: the background rule segments one volume at a time; duplicate one frame " +
			"(Image > Duplicate...) or set background=none", assertThrows(IllegalArgumentException.class,
				() -> ImagePlusChannels.of(imp, new int[0], IntensityWindow.Mode.PERCENTILES)).getMessage());
	}

	/** Fiji's readers title the image by its file; an image saved from one keeps the file in its FileInfo. */
	@Test
	void niftiIsToldByTheTitleOrTheFile() {
		assertTrue(ImagePlusChannels.fromNifti(new ImagePlus("BraTS2021_00000_flair.nii.gz", new ShortProcessor(SIDE,
			SIDE))));
		assertTrue(ImagePlusChannels.fromNifti(new ImagePlus("scan.NII", new ShortProcessor(SIDE, SIDE))));
		ImagePlus renamed = new ImagePlus("flair", new ShortProcessor(SIDE, SIDE));
		assertFalse(ImagePlusChannels.fromNifti(renamed));
		FileInfo file = new FileInfo();
		file.fileName = "flair.nii";
		renamed.setFileInfo(file);
		assertTrue(ImagePlusChannels.fromNifti(renamed));
		assertFalse(ImagePlusChannels.fromNifti(new ImagePlus("scan.tif", new ShortProcessor(SIDE, SIDE))));
	}
}
