package org.diffncut.cli;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.model.WorkingImage;

import picocli.CommandLine.Option;

/** How the self-attention is taken from the model. */
public final class AttentionOptionsMixin {
	@Option(names = "--resolution", defaultValue = "" + AttentionOptions.DEFAULT_RESOLUTION, paramLabel = "PX",
		description = "Working size in pixels, a multiple of 64; the attention grids are 1/8..1/64 of it. " +
			"Default: ${DEFAULT-VALUE}.")
	int resolution;

	@Option(names = "--fit", defaultValue = "crop", paramLabel = "crop|pad", description = "How a non-square image becomes square: crop (centre square; the border takes the nearest " +
			"labels) or pad (black border). Default: ${DEFAULT-VALUE}.")
	WorkingImage.Fit fit;

	@Option(names = "--timestep", defaultValue = "" + AttentionOptions.DEFAULT_TIMESTEP, paramLabel = "T",
		description = "Diffusion timestep of the UNet pass, 0..999. Default: ${DEFAULT-VALUE}.")
	int timestep;

	@Option(names = "--layers", defaultValue = "all", paramLabel = "all|decoder", description = "Self-attention layers averaged into P: all 16, or the decoder and mid block. Default: ${DEFAULT-VALUE}.")
	LayerSet layers;

	@Option(names = "--resolutions", paramLabel = "all|64,32,16", description = "Attention grid sides that take part in P, or all. Default: the three finest (64,32,16 at 512 px).")
	GridSelection grids = GridSelection.defaults();

	@Option(names = "--inversion-steps", defaultValue = "0", paramLabel = "n",
		description = "DDIM inversion through the first n of 50 steps before the pass; pair n with --timestep about " +
			"20n. Default: ${DEFAULT-VALUE}.")
	int inversionSteps;

	@Option(names = "--noise-seed", paramLabel = "SEED",
		description = "Add seeded Gaussian noise at the timestep, as the scheduler's add_noise. Default: no noise.")
	Long noiseSeed;

	public AttentionOptions options() {
		return AttentionOptions.defaults().withResolution(resolution).withFit(fit).withTimestep(timestep)
			.withLayers(layers).withGrids(grids).withInversionSteps(inversionSteps).withNoiseSeed(noiseSeed);
	}
}
