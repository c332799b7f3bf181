package org.diffncut.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.diffncut.image.IntensityWindow;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiVolume;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

/**
 * One to three co-registered volumes that become the red, green and blue of each slice. A voxel that is 0 in every
 * channel is background. Each channel is windowed once for the whole volume, over its foreground voxels
 * ({@link IntensityWindow}), so that a tissue has the same gray level in every slice.
 */
public final class Channels {
	private final List<NiftiVolume> volumes;
	private final boolean[] foreground;
	private final List<IntensityWindow> windows;
	private final int foregroundVoxels;

	private Channels(List<NiftiVolume> volumes, boolean[] foreground, int foregroundVoxels,
		List<IntensityWindow> windows)
	{
		this.volumes = volumes;
		this.foreground = foreground;
		this.foregroundVoxels = foregroundVoxels;
		this.windows = windows;
	}

	/** The NIfTI volumes {@code files}, one channel each, named by file name. */
	public static Channels read(List<Path> files, IntensityWindow.Mode mode) throws IOException {
		List<NiftiVolume> volumes = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (Path f : files) {
			volumes.add(Nifti.read(f));
			names.add(f.getFileName().toString());
		}
		return of(volumes, names, mode);
	}

	/**
	 * @param names the channels' names (files or modalities) for messages
	 * @throws IllegalArgumentException if the volumes differ in shape, or there are not 1 to 3
	 */
	public static Channels of(List<NiftiVolume> volumes, List<String> names, IntensityWindow.Mode mode) {
		if (volumes.isEmpty() || volumes.size() > 3) throw new IllegalArgumentException("give 1 to 3 channels, not " +
			volumes.size());
		NiftiVolume first = volumes.get(0);
		for (int c = 1; c < volumes.size(); c++)
			if (!volumes.get(c).sameShape(first)) throw new IllegalArgumentException("the channels differ in shape: " +
				names.get(0) + " is " + first.shapeText() + ", " + names.get(c) + " is " + volumes.get(c).shapeText() +
				"; give co-registered volumes of one grid");
		int n = first.values().length, count = 0;
		boolean[] fg = new boolean[n];
		for (int v = 0; v < n; v++) {
			for (NiftiVolume vol : volumes)
				if (vol.values()[v] != 0) {
					fg[v] = true;
					break;
				}
			if (fg[v]) count++;
		}
		List<IntensityWindow> windows = new ArrayList<>();
		double[] values = new double[count];
		for (NiftiVolume vol : volumes) {
			double[] all = vol.values();
			for (int v = 0, i = 0; v < n; v++)
				if (fg[v]) values[i++] = all[v];
			windows.add(IntensityWindow.of(values, count, mode));
		}
		return new Channels(List.copyOf(volumes), fg, count, Collections.unmodifiableList(windows));
	}

	/** The first channel: its header gives the labels their geometry. */
	public NiftiVolume reference() {
		return volumes.get(0);
	}

	public List<IntensityWindow> windows() {
		return windows;
	}

	public int foregroundVoxels() {
		return foregroundVoxels;
	}

	/** Number of slices along {@code axis}. */
	public int slices(int axis) {
		return reference().size(axis);
	}

	/** Slice width along {@code axis}: the first remaining axis. */
	public int width(int axis) {
		return reference().size(axis == 0 ? 1 : 0);
	}

	/** Slice height along {@code axis}: the second remaining axis. */
	public int height(int axis) {
		return reference().size(axis == 2 ? 1 : 2);
	}

	/** Volume index of pixel (x, y) of slice {@code s} along {@code axis}. */
	public int voxel(int axis, int s, int x, int y) {
		NiftiVolume r = reference();
		int nx = r.nx(), ny = r.ny();
		switch (axis) {
			case 0: return s + nx * (x + ny * y);
			case 1: return x + nx * (s + ny * y);
			default: return x + nx * (y + ny * s);
		}
	}

	/** The foreground pixels of slice {@code s}, width × height row-major; null if it has none. */
	public boolean[] foreground(int axis, int s) {
		int w = width(axis), h = height(axis);
		boolean[] m = new boolean[w * h];
		boolean any = false;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) any |= m[y * w + x] = foreground[voxel(axis, s, x, y)];
		return any ? m : null;
	}

	/** Slice {@code s} as RGB through the volume windows (a lazy view). */
	public RandomAccessibleInterval<ARGBType> slice(int axis, int s) {
		List<RandomAccessibleInterval<DoubleType>> planes = new ArrayList<>();
		for (NiftiVolume v : volumes)
			planes.add(Views.hyperSlice(ArrayImgs.doubles(v.values(), v.nx(), v.ny(), v.nz()), axis, s));
		return IntensityWindow.toArgb(planes, windows);
	}
}
