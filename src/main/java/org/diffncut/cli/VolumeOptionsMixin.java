package org.diffncut.cli;

import java.util.Locale;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.image.IntensityWindow;
import org.diffncut.model.WorkingImage;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.volume.VolumeSegmenter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a NIfTI volume is cut into slices and windowed. */
public final class VolumeOptionsMixin {
	@Option(names = "--axis", defaultValue = "2", paramLabel = "0|1|2",
		description = "Volume axis the slices are taken across: 2 (k, axial for BraTS), 1 or 0. Default: ${DEFAULT-VALUE}.")
	int axis;

	@Option(names = "--window", defaultValue = "percentiles", paramLabel = "percentiles|minmax",
		description = "Each channel's intensity window, chosen once per volume over its foreground voxels: the 1st " +
			"to 99th percentile, or min-max. Default: ${DEFAULT-VALUE}.")
	String window;

	@Option(names = "--batch", paramLabel = "B",
		description = "Slices per model pass; a case holds at most B attention matrices (64 MB each at 512 px). " +
			"Default: 1 on the CPU; on a GPU as many as its free memory holds (see the README).")
	Integer batch;

	public IntensityWindow.Mode mode() {
		switch (window.trim().toLowerCase(Locale.ROOT)) {
			case "percentiles": return IntensityWindow.Mode.PERCENTILES;
			case "minmax": case "min-max": return IntensityWindow.Mode.MIN_MAX;
			default: throw new IllegalArgumentException("--window must be percentiles or minmax, not '" + window + "'");
		}
	}

	/**
	 * The attention options for slices: as given, except that a slice that is not square is padded, not cropped,
	 * unless --fit was given (a crop would label the brain outside the centre square from the nearest cells only).
	 */
	public static AttentionOptions forSlices(AttentionOptions given, CommandSpec spec) {
		return spec.commandLine().getParseResult().hasMatchedOption("--fit") ? given :
			given.withFit(WorkingImage.Fit.PAD);
	}

	public VolumeSegmenter segmenter(DiffusionSegmenter model, AttentionOptions attention, CutOptions cut) {
		return VolumeSegmenter.of(model, attention, cut, axis, batch);
	}
}
