package org.diffncut.model;

/**
 * How the latents reach the capture pass: the UNet timestep of the pass, optional DDIM inversion of the clean
 * latents through the first {@code inversionSteps} steps of a {@value #DDIM_STEPS}-step schedule, or optional
 * seeded Gaussian noise added at the timestep ({@code add_noise}). With neither, the clean latents go in (the
 * DiffSeg setting).
 */
public final class ForwardOptions {
	/** Length of the DDIM schedule that inversion steps are taken from. */
	public static final int DDIM_STEPS = 50;

	private final int timestep, inversionSteps;
	private final Long noiseSeed;

	/**
	 * @param noiseSeed seed of the added noise, or null for none
	 * @throws IllegalArgumentException for a negative count, too many steps, or both inversion and noise
	 */
	public ForwardOptions(int timestep, int inversionSteps, Long noiseSeed) {
		if (inversionSteps < 0 || inversionSteps > DDIM_STEPS) throw new IllegalArgumentException("inversion steps " +
			inversionSteps + ": use 0 to " + DDIM_STEPS);
		if (inversionSteps > 0 && noiseSeed != null) throw new IllegalArgumentException("DDIM inversion and added " +
			"noise exclude each other: choose one");
		this.timestep = timestep;
		this.inversionSteps = inversionSteps;
		this.noiseSeed = noiseSeed;
	}

	public int timestep() { return timestep; }
	public int inversionSteps() { return inversionSteps; }
	/** The noise seed, or null for no noise. */
	public Long noiseSeed() { return noiseSeed; }
}
