package org.diffncut.cli;

import java.util.Locale;

import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.graph.GraphKind;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.WorkingImage;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.ncut.SweepCut;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters: a bad value becomes a one-line usage error (exit 2). */
final class Converters {
	private Converters() {}

	/** A parser that throws IllegalArgumentException with a message saying what to write instead. */
	private interface Parser<T> {
		T parse(String value);
	}

	private static <T> T parse(Parser<T> parser, String value) {
		try {
			return parser.parse(value);
		}
		catch (IllegalArgumentException e) {
			throw new TypeConversionException(e.getMessage());
		}
	}

	static final class Graph implements ITypeConverter<GraphKind> {
		@Override
		public GraphKind convert(String value) {
			return parse(GraphKind::parse, value);
		}
	}

	static final class Rule implements ITypeConverter<StoppingRule> {
		@Override
		public StoppingRule convert(String value) {
			return parse(StoppingRule::parse, value);
		}
	}

	static final class Layers implements ITypeConverter<LayerSet> {
		@Override
		public LayerSet convert(String value) {
			return parse(LayerSet::parse, value);
		}
	}

	static final class Grids implements ITypeConverter<GridSelection> {
		@Override
		public GridSelection convert(String value) {
			return parse(GridSelection::parse, value);
		}
	}

	static final class Device implements ITypeConverter<DeviceChoice> {
		@Override
		public DeviceChoice convert(String value) {
			return parse(DeviceChoice::parse, value);
		}
	}

	static final class Fit implements ITypeConverter<WorkingImage.Fit> {
		@Override
		public WorkingImage.Fit convert(String value) {
			return parse(v -> {
				switch (v.trim().toLowerCase(Locale.ROOT)) {
					case "crop": return WorkingImage.Fit.CROP;
					case "pad": return WorkingImage.Fit.PAD;
					default: throw new IllegalArgumentException("fit '" + v + "': use crop or pad");
				}
			}, value);
		}
	}

	static final class Sweep implements ITypeConverter<SweepCut.Mode> {
		@Override
		public SweepCut.Mode convert(String value) {
			switch (value.toLowerCase(Locale.ROOT)) {
				case "exact": return SweepCut.Mode.EXACT;
				case "even": return SweepCut.Mode.EVEN;
				default: throw new TypeConversionException("unknown sweep '" + value + "': use exact or even");
			}
		}
	}

	/** "WxH" or "HxW" as two positive ints, in the order written. */
	static int[] pair(String value, String what) {
		String[] parts = value.toLowerCase(Locale.ROOT).split("x");
		try {
			if (parts.length == 2) {
				int a = Integer.parseInt(parts[0].trim()), b = Integer.parseInt(parts[1].trim());
				if (a > 0 && b > 0) return new int[] { a, b };
			}
		}
		catch (NumberFormatException e) {
			// fall through to the message
		}
		throw new TypeConversionException("bad " + what + " '" + value + "': write two positive numbers like 64x64");
	}

	/** Two positive numbers written "AxB": width × height for sizes, rows × columns for grids. */
	static final class Pair {
		final int first, second;

		Pair(int first, int second) {
			this.first = first;
			this.second = second;
		}

		static Pair parse(String value, String what) {
			int[] p = pair(value, what);
			return new Pair(p[0], p[1]);
		}
	}

	/**
	 * Labels of more pixels than this are refused before anything is allocated: 16384², beyond it the label image
	 * and the upsampling's rows outgrow Java's arrays and any usual heap.
	 */
	static final long MAX_PIXELS = 1L << 28;

	/**
	 * Checks a label image size, {@code what} naming where it came from.
	 *
	 * @throws IllegalArgumentException if it has too many pixels or would not fit in the free heap
	 */
	static void checkSize(int width, int height, String what) {
		long pixels = (long) width * height;
		if (pixels > MAX_PIXELS) throw new IllegalArgumentException(what + " " + width + "x" + height + " is " + pixels +
			" pixels; labels can have at most " + MAX_PIXELS + " (16384x16384): give a smaller --size");
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - rt.totalMemory() + rt.freeMemory(), needed = pixels * BYTES_PER_PIXEL;
		if (needed > free) throw new IllegalArgumentException(what + " " + width + "x" + height + " needs about " +
			(needed >> 20) + " MB for its labels, but " + (free >> 20) + " MB are free: give a smaller --size, or Java " +
			"more memory (e.g. JAVA_OPTS=-Xmx16g)");
	}

	/** Heap per label pixel: the label image (short), its int copy and the upsampling's best scores (float). */
	private static final int BYTES_PER_PIXEL = 2 + 4 + 4;

	/** A label image size "WxH", checked ({@link #checkSize}). */
	static final class SizeConverter implements ITypeConverter<Pair> {
		@Override
		public Pair convert(String value) {
			Pair p = Pair.parse(value, "size");
			return parse(v -> {
				checkSize(p.first, p.second, "--size");
				return p;
			}, value);
		}
	}

	/** Refuses a label output that is not named .png: labels are written as 16-bit PNG, whatever the name says. */
	static void checkPng(picocli.CommandLine.Model.CommandSpec spec, String option, java.nio.file.Path file) {
		if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
			throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": labels are " +
				"written as PNG (16-bit); give a name ending in .png");
	}

	static final class PairConverter implements ITypeConverter<Pair> {
		@Override
		public Pair convert(String value) {
			return Pair.parse(value, "value");
		}
	}
}
