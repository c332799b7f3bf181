package org.diffncut.model;

import java.util.Random;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * From clean latents to the latents the capture pass sees: unchanged, with seeded noise added at the timestep
 * (q(x_t | x_0)), or DDIM-inverted through the first inversion steps of the {@value ForwardOptions#DDIM_STEPS}-step
 * schedule.
 */
final class ForwardProcess {
	private final Scheduler scheduler;
	private final UNet unet;

	ForwardProcess(Scheduler scheduler, UNet unet) {
		this.scheduler = scheduler;
		this.unet = unet;
	}

	/**
	 * The latents (B, C, h, w) for {@code options}, owned by {@code clean}'s manager; {@code context} is needed only
	 * for DDIM.
	 */
	NDArray latents(NDArray clean, NDArray context, ForwardOptions options, Progress progress, BooleanSupplier canceled) {
		if (options.noiseSeed() != null) { // the same noise for every image of a batch: what each would get alone
			Shape image = new Shape(1).addAll(clean.getShape().slice(1));
			return scheduler.addNoise(clean, gaussian(clean.getManager(), options.noiseSeed(), image)
				.toType(clean.getDataType(), false), options.timestep());
		}
		NDArray latents = clean;
		int[] timesteps = scheduler.timesteps(ForwardOptions.DDIM_STEPS);
		int steps = options.inversionSteps();
		for (int i = 0; i < steps; i++) {
			Cancel.check(canceled, "DDIM inversion");
			int t = timesteps[i];
			NDArray prediction = unet.forward(latents, t, context, null, progress.range(i / (double) steps, 1.0 / steps),
				canceled);
			latents = scheduler.inverseStep(prediction, t, latents, ForwardOptions.DDIM_STEPS);
		}
		return latents;
	}

	/** Standard normal noise from java.util.Random, identical on every device and platform. */
	private static NDArray gaussian(NDManager manager, long seed, Shape shape) {
		Random random = new Random(seed);
		float[] v = new float[Math.toIntExact(shape.size())];
		for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
		return manager.create(v, shape);
	}
}
