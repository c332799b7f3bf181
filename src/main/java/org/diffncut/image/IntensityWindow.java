package org.diffncut.image;

import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A linear map of scalar intensities onto 8-bit gray: {@code low → 0}, {@code high → 255}, clamped outside, and
 * every non-finite value (NaN, ±∞) to 0, the minimum. It turns 16/32-bit scans (MRI, CT, fluorescence) into the
 * 8-bit RGB the model was trained on; the window is chosen per image, from the finite values only.
 * <p>
 * Percentiles are numpy's default ({@code numpy.percentile}, linear interpolation between the order statistics
 * at rank {@code p/100 · (n − 1)}).
 */
public final class IntensityWindow {
	/** How the window is chosen from an image. */
	public enum Mode {
		/** From the {@value #LOW_PERCENTILE}th to the {@value #HIGH_PERCENTILE}th percentile: robust to outliers. */
		PERCENTILES,
		/** From the smallest to the largest finite value. */
		MIN_MAX
	}

	public static final double LOW_PERCENTILE = 1, HIGH_PERCENTILE = 99;

	/** The identity on 8-bit data. */
	public static final IntensityWindow BYTE = new IntensityWindow(0, 255, 0);

	private final double low, high;
	private final long nonFinite;

	private IntensityWindow(double low, double high, long nonFinite) {
		this.low = low;
		this.high = high;
		this.nonFinite = nonFinite;
	}

	/** The window from {@code low} to {@code high}; equal bounds map everything to 0. */
	public static IntensityWindow of(double low, double high) {
		if (!(low <= high)) throw new IllegalArgumentException("window [" + low + ", " + high + "] is empty");
		return new IntensityWindow(low, high, 0);
	}

	/**
	 * The window {@code mode} chooses from the finite values of {@code image} (not modified). An image with no
	 * finite value gets [0, 0].
	 */
	public static IntensityWindow of(Iterable<? extends RealType<?>> image, Mode mode) {
		double[] values = new double[1024];
		int n = 0;
		for (RealType<?> t : image) {
			if (n == values.length) values = Arrays.copyOf(values, 2 * n);
			values[n++] = t.getRealDouble();
		}
		return of(values, n, mode);
	}

	/**
	 * The window {@code mode} chooses from the finite ones of {@code values[0..n)} (not modified), e.g. the
	 * foreground voxels of a whole volume.
	 */
	public static IntensityWindow of(double[] values, int n, Mode mode) {
		double[] finite = new double[n];
		int m = 0;
		for (int i = 0; i < n; i++)
			if (Double.isFinite(values[i])) finite[m++] = values[i];
		long nonFinite = n - m;
		if (m == 0) return new IntensityWindow(0, 0, nonFinite);
		finite = Arrays.copyOf(finite, m);
		Arrays.sort(finite);
		if (mode == Mode.MIN_MAX) return new IntensityWindow(finite[0], finite[m - 1], nonFinite);
		return new IntensityWindow(percentile(finite, LOW_PERCENTILE), percentile(finite, HIGH_PERCENTILE), nonFinite);
	}

	public double low() {
		return low;
	}

	public double high() {
		return high;
	}

	/** How many values of the image it was chosen from were NaN or infinite (they map to 0). */
	public long nonFinite() {
		return nonFinite;
	}

	/** The gray level 0..255 of {@code value}. */
	public int gray(double value) {
		if (!Double.isFinite(value) || !(high > low)) return 0;
		double g = (value - low) / (high - low) * 255;
		return g <= 0 ? 0 : g >= 255 ? 255 : (int) Math.round(g);
	}

	/**
	 * A lazy RGB view of one to three channels, each through its window: one channel gives gray, two give red and
	 * green, three give red, green and blue.
	 */
	public static <T extends RealType<T>> RandomAccessibleInterval<ARGBType> toArgb(
		List<? extends RandomAccessibleInterval<T>> channels, List<IntensityWindow> windows)
	{
		int n = channels.size();
		if (n < 1 || n > 3 || windows.size() != n) throw new IllegalArgumentException("give 1 to 3 channels, each " +
			"with its window; got " + n + " channels and " + windows.size() + " windows");
		RandomAccessibleInterval<T> first = channels.get(0);
		IntensityWindow w0 = windows.get(0);
		if (n == 1) return Converters.convert(first, (in, out) -> {
			int g = w0.gray(in.getRealDouble());
			out.set(ARGBType.rgba(g, g, g, 255));
		}, new ARGBType());
		IntensityWindow w1 = windows.get(1), w2 = n == 3 ? windows.get(2) : null;
		RandomAccessibleInterval<T> second = channels.get(1), third = n == 3 ? channels.get(2) : null;
		return Converters.convert(Views.collapse(Views.stack(n == 3 ? Arrays.asList(first, second, third)
			: Arrays.asList(first, second))), (in, out) -> {
				int r = w0.gray(in.get(0).getRealDouble()), g = w1.gray(in.get(1).getRealDouble());
				int b = w2 == null ? 0 : w2.gray(in.get(2).getRealDouble());
				out.set(ARGBType.rgba(r, g, b, 255));
			}, new ARGBType());
	}

	private static double percentile(double[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int i = (int) Math.floor(rank);
		if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
		return sorted[i] + (rank - i) * (sorted[i + 1] - sorted[i]);
	}

	@Override
	public String toString() {
		return "[" + low + ", " + high + "]";
	}
}
