package org.diffncut.model;

import ai.djl.ndarray.NDArray;

/**
 * The noise schedule of diffusers' DDPM/DDIM schedulers and the two operations the capture pass needs:
 * {@code add_noise} and one step of {@code DDIMInverseScheduler}. The schedule is computed in double precision.
 */
final class Scheduler {
	private final SchedulerConfig config;
	/** ᾱ_t = Π_{s ≤ t} (1 − β_s), t = 0 … T−1. */
	private final double[] alphasCumprod;

	Scheduler(SchedulerConfig config) {
		this.config = config;
		int n = config.trainTimesteps;
		alphasCumprod = new double[n];
		double product = 1;
		for (int t = 0; t < n; t++) {
			double f = t / (double) (n - 1), beta;
			if (config.betaSchedule == SchedulerConfig.BetaSchedule.SCALED_LINEAR) {
				double root = Math.sqrt(config.betaStart) + f * (Math.sqrt(config.betaEnd) - Math.sqrt(config.betaStart));
				beta = root * root;
			}
			else beta = config.betaStart + f * (config.betaEnd - config.betaStart);
			product *= 1 - beta;
			alphasCumprod[t] = product;
		}
	}

	int trainTimesteps() {
		return config.trainTimesteps;
	}

	double alphaCumprod(int t) {
		return alphasCumprod[t];
	}

	/** {@code add_noise}: √ᾱ_t·x0 + √(1−ᾱ_t)·noise. */
	NDArray addNoise(NDArray x0, NDArray noise, int t) {
		checkTimestep(t);
		double a = alphasCumprod[t];
		return x0.mul((float) Math.sqrt(a)).addi(noise.mul((float) Math.sqrt(1 - a)));
	}

	/**
	 * The ascending timesteps of a {@code steps}-step DDIM schedule ({@code set_timesteps} with the configured
	 * spacing and offset): "leading" i·⌊T/steps⌋ + offset, "trailing" round(T − i·T/steps) − 1 reversed.
	 */
	int[] timesteps(int steps) {
		int n = config.trainTimesteps;
		if (steps < 1 || steps > n) throw new IllegalArgumentException("DDIM needs 1 to " + n + " steps, not " + steps);
		int[] t = new int[steps];
		if (config.spacing == SchedulerConfig.Spacing.LEADING)
			for (int i = 0; i < steps; i++) t[i] = i * (n / steps) + config.stepsOffset;
		else {
			double ratio = n / (double) steps;
			for (int i = 0; i < steps; i++) t[steps - 1 - i] = (int) Math.rint(n - i * ratio) - 1; // numpy rounds half to even
		}
		for (int v : t) checkTimestep(v);
		return t;
	}

	/**
	 * One step of diffusers' {@code DDIMInverseScheduler.step}: from {@code sample} at the level of
	 * {@code timestep − T/steps} (or clean, before the first step) to the level of {@code timestep}, using the model
	 * output at {@code timestep}. With ε the predicted noise and x̂0 the predicted clean sample:
	 * x_t = √ᾱ_t·x̂0 + √(1−ᾱ_t)·ε.
	 */
	NDArray inverseStep(NDArray modelOutput, int timestep, NDArray sample, int steps) {
		checkTimestep(timestep);
		int from = Math.min(timestep - config.trainTimesteps / steps, config.trainTimesteps - 1);
		double aFrom = from >= 0 ? alphasCumprod[from] : config.setAlphaToOne ? 1 : alphasCumprod[0];
		double aTo = alphasCumprod[timestep];
		float sa = (float) Math.sqrt(aFrom), sb = (float) Math.sqrt(1 - aFrom);
		NDArray x0, eps;
		if (config.prediction == SchedulerConfig.Prediction.EPSILON) {
			x0 = sample.sub(modelOutput.mul(sb)).divi(sa);
			eps = modelOutput;
		}
		else {
			x0 = sample.mul(sa).subi(modelOutput.mul(sb));
			eps = modelOutput.mul(sa).addi(sample.mul(sb));
		}
		if (config.clipSample) x0 = x0.clip(-config.clipRange, config.clipRange);
		return x0.muli((float) Math.sqrt(aTo)).addi(eps.mul((float) Math.sqrt(1 - aTo)));
	}

	private void checkTimestep(int t) {
		if (t < 0 || t >= config.trainTimesteps) throw new IllegalArgumentException("timestep " + t +
			" is outside the schedule's 0.." + (config.trainTimesteps - 1));
	}
}
