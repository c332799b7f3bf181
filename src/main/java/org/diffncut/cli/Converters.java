package org.diffncut.cli;

import java.util.Locale;

import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.graph.GraphKind;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.WorkingImage;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.ncut.SweepCut;

import picocli.CommandLine;
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

	/**
	 * Registers every option type's converter on {@code cli} and its subcommands: each parses once, in the core,
	 * and a bad value becomes a one-line usage error.
	 *
	 * @return {@code cli}
	 */
	static CommandLine register(CommandLine cli) {
		cli.registerConverter(GraphKind.class, v -> parse(GraphKind::parse, v));
		cli.registerConverter(StoppingRule.class, v -> parse(StoppingRule::parse, v));
		cli.registerConverter(LayerSet.class, v -> parse(LayerSet::parse, v));
		cli.registerConverter(GridSelection.class, v -> parse(GridSelection::parse, v));
		cli.registerConverter(DeviceChoice.class, v -> parse(DeviceChoice::parse, v));
		cli.registerConverter(WorkingImage.Fit.class, v -> parse(WorkingImage.Fit::parse, v));
		cli.registerConverter(SweepCut.Mode.class, v -> parse(SweepCut.Mode::parse, v));
		cli.registerConverter(Size.class, v -> parse(Size::parse, v));
		cli.registerConverter(Grid.class, v -> {
			int[] p = pair(v, "grid");
			return new Grid(p[0], p[1]);
		});
		return cli;
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

	/** A label image size, written "WxH" (width first). */
	static final class Size {
		final int width, height;

		Size(int width, int height) {
			this.width = width;
			this.height = height;
		}

		/** "WxH", checked ({@link #checkSize}). */
		static Size parse(String value) {
			int[] p = pair(value, "size");
			checkSize(p[0], p[1], "--size");
			return new Size(p[0], p[1]);
		}
	}

	/** An attention grid, written "HxW" (rows first, as the matrix is laid out). */
	static final class Grid {
		final int rows, columns;

		Grid(int rows, int columns) {
			this.rows = rows;
			this.columns = columns;
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

	/** Refuses a label output that is not named .png: labels are written as 16-bit PNG, whatever the name says. */
	static void checkPng(picocli.CommandLine.Model.CommandSpec spec, String option, java.nio.file.Path file) {
		if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
			throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": labels are " +
				"written as PNG (16-bit); give a name ending in .png");
	}
}
