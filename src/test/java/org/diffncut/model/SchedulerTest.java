package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Against formulas derived by hand from diffusers' DDPMScheduler/DDIMScheduler ({@code add_noise},
 * {@code set_timesteps}) and DDIMInverseScheduler ({@code step}), v0.27, with SD 1.x's schedule: scaled_linear betas
 * 0.00085…0.012 over 1000 steps, steps_offset 1, set_alpha_to_one false.
 */
class SchedulerTest {
	static final String SD1 = "{\"beta_start\": 0.00085, \"beta_end\": 0.012, \"beta_schedule\": \"scaled_linear\", " +
		"\"num_train_timesteps\": 1000, \"steps_offset\": 1, \"set_alpha_to_one\": false%s}";

	static Scheduler scheduler(String extra) throws Exception {
		return new Scheduler(SchedulerConfig.read(ConfigFile.parse(Paths.get("scheduler_config.json"),
			String.format(SD1, extra))));
	}

	/** ᾱ_t computed independently: β_s = (√0.00085 + s/999·(√0.012 − √0.00085))². */
	static double alphaBar(int t) {
		double a = 1;
		for (int s = 0; s <= t; s++) {
			double r = Math.sqrt(0.00085) + s / 999.0 * (Math.sqrt(0.012) - Math.sqrt(0.00085));
			a *= 1 - r * r;
		}
		return a;
	}

	@Test
	void scaledLinearSchedule() throws Exception {
		Scheduler s = scheduler("");
		assertEquals(1 - 0.00085, s.alphaCumprod(0), 1e-15);
		// Lin et al. 2024 ("Common Diffusion Noise Schedules and Sample Steps Are Flawed"), Table 1: SD's √ᾱ_T = 0.068265
		assertEquals(0.068265, Math.sqrt(s.alphaCumprod(999)), 1e-6);
		assertEquals(alphaBar(300), s.alphaCumprod(300), 1e-12);
	}

	@Test
	void addNoise() throws Exception {
		Scheduler s = scheduler("");
		double a = alphaBar(300);
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray noisy = s.addNoise(m.create(new float[] { 1, -2 }), m.create(new float[] { 0.5f, 3 }), 300);
			assertArrayEquals(new float[] { (float) (Math.sqrt(a) + 0.5 * Math.sqrt(1 - a)),
				(float) (-2 * Math.sqrt(a) + 3 * Math.sqrt(1 - a)) }, noisy.toFloatArray(), 1e-6f);
		}
	}

	@Test
	void leadingAndTrailingTimesteps() throws Exception {
		int[] leading = scheduler("").timesteps(50); // i·(1000 // 50) + 1
		assertEquals(50, leading.length);
		assertEquals(1, leading[0]);
		assertEquals(21, leading[1]);
		assertEquals(981, leading[49]);
		int[] trailing = scheduler(", \"timestep_spacing\": \"trailing\"").timesteps(50); // round(arange(1000, 0, -20))[::-1] - 1
		assertEquals(19, trailing[0]);
		assertEquals(39, trailing[1]);
		assertEquals(999, trailing[49]);
	}

	/**
	 * First inverse step at t = 1: the previous level 1 − 20 &lt; 0 uses ᾱ_0 (set_alpha_to_one false), so
	 * x̂0 = (x − √(1−ᾱ_0)·ε)/√ᾱ_0 and x_1 = √ᾱ_1·x̂0 + √(1−ᾱ_1)·ε. Then t = 21 goes from level 1 to 21.
	 */
	@Test
	void inverseStepEpsilon() throws Exception {
		Scheduler s = scheduler("");
		double x = 0.7, eps = -0.4;
		double x0 = (x - Math.sqrt(1 - alphaBar(0)) * eps) / Math.sqrt(alphaBar(0));
		double x1 = Math.sqrt(alphaBar(1)) * x0 + Math.sqrt(1 - alphaBar(1)) * eps;
		double eps2 = 0.3;
		double x0b = (x1 - Math.sqrt(1 - alphaBar(1)) * eps2) / Math.sqrt(alphaBar(1));
		double x21 = Math.sqrt(alphaBar(21)) * x0b + Math.sqrt(1 - alphaBar(21)) * eps2;
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray step1 = s.inverseStep(m.create(new float[] { (float) eps }), 1, m.create(new float[] { (float) x }), 50);
			assertEquals(x1, step1.getFloat(0), 1e-6);
			NDArray step2 = s.inverseStep(m.create(new float[] { (float) eps2 }), 21, step1, 50);
			assertEquals(x21, step2.getFloat(0), 1e-6);
		}
	}

	/** An inverse step followed by the ordinary DDIM step (η = 0) with the same ε returns the start. */
	@Test
	void inverseStepUndoesDdimStep() throws Exception {
		Scheduler s = scheduler("");
		double x = 1.3, eps = 0.25;
		try (NDManager m = NDManager.newBaseManager()) {
			double forward = s.inverseStep(m.create(new float[] { (float) eps }), 301, m.create(new float[] { (float) x }), 50)
				.getFloat(0);
			// DDIMScheduler.step from 301 to 281: x̂0 = (x_301 − √(1−ᾱ_301)ε)/√ᾱ_301, x_281 = √ᾱ_281·x̂0 + √(1−ᾱ_281)·ε
			double x0 = (forward - Math.sqrt(1 - alphaBar(301)) * eps) / Math.sqrt(alphaBar(301));
			assertEquals(x, Math.sqrt(alphaBar(281)) * x0 + Math.sqrt(1 - alphaBar(281)) * eps, 1e-5);
		}
	}

	/** v-prediction: x̂0 = √ᾱ·x − √(1−ᾱ)·v, ε = √ᾱ·v + √(1−ᾱ)·x at the previous level. */
	@Test
	void inverseStepVPrediction() throws Exception {
		Scheduler s = scheduler(", \"prediction_type\": \"v_prediction\"");
		double x = 0.9, v = -0.6, a = alphaBar(21), b = alphaBar(41);
		double x0 = Math.sqrt(a) * x - Math.sqrt(1 - a) * v, eps = Math.sqrt(a) * v + Math.sqrt(1 - a) * x;
		try (NDManager m = NDManager.newBaseManager()) {
			NDArray next = s.inverseStep(m.create(new float[] { (float) v }), 41, m.create(new float[] { (float) x }), 50);
			assertEquals(Math.sqrt(b) * x0 + Math.sqrt(1 - b) * eps, next.getFloat(0), 1e-6);
		}
	}

	@Test
	void timestepOutsideTheSchedule_Fail() throws Exception {
		Scheduler s = scheduler("");
		try (NDManager m = NDManager.newBaseManager()) {
			assertThrows(IllegalArgumentException.class, () -> s.addNoise(m.create(1f), m.create(1f), 1000));
		}
	}
}
