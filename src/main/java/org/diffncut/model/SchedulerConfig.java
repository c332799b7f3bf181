package org.diffncut.model;

import java.io.IOException;

/**
 * The noise schedule of {@code scheduler/scheduler_config.json}, as diffusers' DDIM schedulers read it (whatever
 * {@code _class_name} the file names: SD 1.x ships a PNDM config, and DDIM reads the same keys).
 */
final class SchedulerConfig {
	enum BetaSchedule { LINEAR, SCALED_LINEAR }
	enum Prediction { EPSILON, V_PREDICTION }
	enum Spacing { LEADING, TRAILING }

	final int trainTimesteps;
	final double betaStart, betaEnd;
	final BetaSchedule betaSchedule;
	final boolean setAlphaToOne;
	final int stepsOffset;
	final Prediction prediction;
	final Spacing spacing;
	/**
	 * Clip predicted x0 to ±{@link #clipRange}. diffusers' DDIM defaults to true, meant for pixel-space models; for
	 * latents it is wrong, SD 1.x configs set it false, and here it is off unless the config turns it on.
	 */
	final boolean clipSample;
	final double clipRange;

	private SchedulerConfig(ConfigFile c) throws IOException {
		if (c.has("trained_betas")) throw c.unsupported("trained_betas", "use beta_start/beta_end/beta_schedule");
		c.require("rescale_betas_zero_snr", false);
		c.require("thresholding", false);
		trainTimesteps = c.integer("num_train_timesteps", 1000);
		betaStart = c.number("beta_start", 0.0001);
		betaEnd = c.number("beta_end", 0.02);
		String schedule = c.string("beta_schedule", "linear");
		if (schedule.equals("linear")) betaSchedule = BetaSchedule.LINEAR;
		else if (schedule.equals("scaled_linear")) betaSchedule = BetaSchedule.SCALED_LINEAR;
		else throw c.unsupported("beta_schedule", "supported: \"linear\", \"scaled_linear\"");
		setAlphaToOne = c.bool("set_alpha_to_one", true);
		stepsOffset = c.integer("steps_offset", 0);
		String prediction = c.string("prediction_type", "epsilon");
		if (prediction.equals("epsilon")) this.prediction = Prediction.EPSILON;
		else if (prediction.equals("v_prediction")) this.prediction = Prediction.V_PREDICTION;
		else throw c.unsupported("prediction_type", "supported: \"epsilon\", \"v_prediction\"");
		String spacing = c.string("timestep_spacing", "leading");
		if (spacing.equals("leading")) this.spacing = Spacing.LEADING;
		else if (spacing.equals("trailing")) this.spacing = Spacing.TRAILING;
		else throw c.unsupported("timestep_spacing", "supported: \"leading\", \"trailing\"");
		clipSample = c.bool("clip_sample", false);
		clipRange = c.number("clip_sample_range", 1.0);
		if (trainTimesteps < 2) throw c.unsupported("num_train_timesteps", "needs at least 2");
	}

	static SchedulerConfig read(ConfigFile file) throws IOException {
		return new SchedulerConfig(file);
	}
}
