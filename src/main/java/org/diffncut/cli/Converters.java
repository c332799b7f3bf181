package org.diffncut.cli;

import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.WorkingImage;

import picocli.CommandLine.ITypeConverter;

/** picocli converters, so a bad value is a command-line error (exit 2) with the parser's message. */
final class Converters {
	private Converters() {}

	static final class Layers implements ITypeConverter<LayerSet> {
		@Override public LayerSet convert(String value) { return LayerSet.parse(value); }
	}

	static final class Grids implements ITypeConverter<GridSelection> {
		@Override public GridSelection convert(String value) { return GridSelection.parse(value); }
	}

	static final class Device implements ITypeConverter<DeviceChoice> {
		@Override public DeviceChoice convert(String value) { return DeviceChoice.parse(value); }
	}

	static final class Fit implements ITypeConverter<WorkingImage.Fit> {
		@Override
		public WorkingImage.Fit convert(String value) {
			try {
				return WorkingImage.Fit.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("fit '" + value + "': use crop or pad");
			}
		}
	}
}
