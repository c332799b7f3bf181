package org.diffncut.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.attention.TransitionMatrix;
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
		cli.registerConverter(Grid.class, v -> parse(Grid::parse, v));
		return cli;
	}

	/** A label image size, written "WxH" (width first). */
	static final class Size {
		final int width, height;

		Size(int width, int height) {
			this.width = width;
			this.height = height;
		}

		/** "WxH", checked ({@link GridPlacement#checkSize}). */
		static Size parse(String value) {
			int[] p = GridPlacement.pair(value, "size");
			GridPlacement.checkSize(p[0], p[1], "--size");
			return new Size(p[0], p[1]);
		}

		/**
		 * The labels' placement: {@code size} if given (the grid stretched over it), else what {@code metadata} (of
		 * {@code p}, in {@code source}) records.
		 */
		static GridPlacement or(Size size, Map<String, String> metadata, TransitionMatrix p, Object source) {
			return size != null ? GridPlacement.full(size.width, size.height, "--size")
				: GridPlacement.recorded(metadata, p, source);
		}
	}

	/** An attention grid, written "HxW" (rows first, as the matrix is laid out). */
	static final class Grid {
		final int rows, columns;

		Grid(int rows, int columns) {
			this.rows = rows;
			this.columns = columns;
		}

		static Grid parse(String value) {
			int[] p = GridPlacement.pair(value, "grid");
			return new Grid(p[0], p[1]);
		}

		/** {rows, columns}. */
		int[] toArray() {
			return new int[] { rows, columns };
		}

		@Override
		public String toString() {
			return rows + "x" + columns;
		}
	}

	/** Refuses a label output that is not named .png: labels are written as 16-bit PNG, whatever the name says. */
	static void checkPng(picocli.CommandLine.Model.CommandSpec spec, String option, Path file) {
		if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
			throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " " + file + ": labels are " +
				"written as PNG (16-bit); give a name ending in .png");
	}
}
