package org.diffncut.ij;

import java.util.ArrayList;
import java.util.List;

import org.diffncut.image.IntensityWindow;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiHeader;
import org.diffncut.nifti.NiftiVolume;
import org.diffncut.volume.Channels;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

/**
 * An ImagePlus stack as the channels of one volume ({@link Channels}), for the background rule: voxel (x, y, z) is
 * pixel (x, y) of slice z. Values are the ones ImageJ shows, through the calibration: a signed 16-bit NIfTI
 * volume opens with an offset of 32768 that its calibration function takes off, and its background is 0 only after
 * that. An RGB image gives its red, green and blue as three channels. The pixels are copied; the image stays as
 * it was.
 */
final class ImagePlusChannels {
	private ImagePlusChannels() {}

	private static final String[] RGB = { "red", "green", "blue" };

	/** True when {@code imp} was opened from a NIfTI file ({@code .nii}, {@code .nii.gz}), by its title or file. */
	static boolean fromNifti(ImagePlus imp) {
		FileInfo file = imp.getOriginalFileInfo();
		return Nifti.isNiftiName(imp.getTitle()) || file != null && file.fileName != null && Nifti.isNiftiName(
			file.fileName);
	}

	/**
	 * The channels {@code requested} (1-based; empty for the first up to three) of {@code imp}'s slices, each
	 * windowed by {@code mode} over the foreground of the whole stack.
	 *
	 * @throws IllegalArgumentException for several frames (one volume at a time), or channels the image lacks
	 */
	static Channels of(ImagePlus imp, int[] requested, IntensityWindow.Mode mode) {
		if (imp.getNFrames() > 1) throw new IllegalArgumentException(imp.getTitle() + " has " + imp.getNFrames() +
			" frames: the background rule segments one volume at a time; duplicate one frame (Image > Duplicate...) " +
			"or set background=none");
		int w = imp.getWidth(), h = imp.getHeight(), nz = imp.getNSlices(), plane = w * h;
		Calibration cal = imp.getCalibration();
		NiftiHeader header = NiftiHeader.create(w, h, nz, new double[] { cal.pixelWidth, cal.pixelHeight,
			cal.pixelDepth });
		boolean color = ImagePlusImages.color(imp);
		int[] channels = ImagePlusImages.channels(imp, requested);
		float[] table = color ? null : cal.getCTable(); // raw pixel value → shown value; null: the same
		int count = color ? RGB.length : channels.length;
		double[][] values = new double[count][plane * nz];
		for (int z = 1; z <= nz; z++) {
			int offset = (z - 1) * plane;
			if (color) { // one conversion of an indexed-colour slice serves its three channels
				ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(1, z, 1));
				int[] rgb = (int[]) (imp.getType() == ImagePlus.COLOR_256 ? ip.convertToRGB() : ip).getPixels();
				for (int c = 0; c < count; c++)
					for (int i = 0; i < plane; i++) values[c][offset + i] = (rgb[i] >> (16 - 8 * c)) & 0xff;
			}
			else for (int c = 0; c < count; c++) {
				ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(channels[c], z, 1));
				double[] v = values[c];
				if (ip.getBitDepth() == 32) for (int i = 0; i < plane; i++) v[offset + i] = ip.getf(i);
				else for (int i = 0; i < plane; i++) {
					int raw = ip.get(i);
					v[offset + i] = table == null ? raw : table[raw];
				}
			}
		}
		List<NiftiVolume> volumes = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int c = 0; c < count; c++) {
			volumes.add(new NiftiVolume(header, values[c]));
			names.add(imp.getTitle() + " " + (color ? RGB[c] : "channel " + channels[c]));
		}
		return Channels.of(volumes, names, mode);
	}
}
