package org.diffncut.attention;

import java.util.Locale;

import org.diffncut.model.ForwardOptions;
import org.diffncut.model.WorkingImage;

/**
 * Settings of one attention extraction; immutable, changed through {@code with*} copies. Defaults are the paper's:
 * 512 px, centre crop, timestep 300, clean latents, all 16 layers, grids 64/32/16.
 */
public final class AttentionOptions {
	public static final int DEFAULT_RESOLUTION = 512, DEFAULT_TIMESTEP = 300;

	private final int resolution, timestep, inversionSteps;
	private final LayerSet layers;
	private final GridSelection grids;
	private final WorkingImage.Fit fit;
	private final Long noiseSeed;

	private AttentionOptions(int resolution, int timestep, LayerSet layers, GridSelection grids, WorkingImage.Fit fit,
		int inversionSteps, Long noiseSeed)
	{
		this.resolution = resolution;
		this.timestep = timestep;
		this.layers = layers;
		this.grids = grids;
		this.fit = fit;
		this.inversionSteps = inversionSteps;
		this.noiseSeed = noiseSeed;
		forward(); // validates the combination
	}

	public static AttentionOptions defaults() {
		return new AttentionOptions(DEFAULT_RESOLUTION, DEFAULT_TIMESTEP, LayerSet.ALL, GridSelection.defaults(),
			WorkingImage.Fit.CROP, 0, null);
	}

	/** Working size in pixels (a multiple of 64 for SD 1.x); attention grids are 1/8 … 1/64 of it. */
	public AttentionOptions withResolution(int resolution) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, noiseSeed);
	}

	/** UNet timestep of the capture pass, 0 … 999. */
	public AttentionOptions withTimestep(int timestep) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, noiseSeed);
	}

	public AttentionOptions withLayers(LayerSet layers) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, noiseSeed);
	}

	public AttentionOptions withGrids(GridSelection grids) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, noiseSeed);
	}

	public AttentionOptions withFit(WorkingImage.Fit fit) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, noiseSeed);
	}

	/**
	 * DDIM-invert the clean latents through the first {@code steps} of the 50-step schedule before the capture pass,
	 * which still runs at {@link #timestep()}. With SD 1.x's schedule (timesteps 1, 21, 41, …) n steps reach the noise
	 * level of timestep 20n − 19, so pair n with timestep ≈ 20n (15 steps for the default 300).
	 */
	public AttentionOptions withInversionSteps(int steps) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, steps, noiseSeed);
	}

	/** Add Gaussian noise with this seed at the timestep ({@code add_noise}); null for none. */
	public AttentionOptions withNoiseSeed(Long seed) {
		return new AttentionOptions(resolution, timestep, layers, grids, fit, inversionSteps, seed);
	}

	public int resolution() { return resolution; }
	public int timestep() { return timestep; }
	public LayerSet layers() { return layers; }
	public GridSelection grids() { return grids; }
	public WorkingImage.Fit fit() { return fit; }
	public int inversionSteps() { return inversionSteps; }
	public Long noiseSeed() { return noiseSeed; }

	ForwardOptions forward() {
		return new ForwardOptions(timestep, inversionSteps, noiseSeed);
	}

	@Override
	public String toString() {
		return resolution + " px " + fit.name().toLowerCase(Locale.ROOT) + ", timestep " + timestep +
			(inversionSteps > 0 ? ", " + inversionSteps + " DDIM inversion steps" : "") +
			(noiseSeed != null ? ", noise seed " + noiseSeed : "") + ", layers " +
			layers.name().toLowerCase(Locale.ROOT) + ", grids " + grids;
	}
}
