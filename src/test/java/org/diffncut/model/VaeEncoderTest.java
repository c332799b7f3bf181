package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.Golden;
import org.diffncut.Progress;
import org.diffncut.Cancel;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Against the diffusers goldens of the tiny fixture: pixel_nchw → vae_posterior_mean, latents_scaled. */
class VaeEncoderTest {
	static final double TOLERANCE = 1e-4;

	@Test
	void posteriorMeanMatchesDiffusers() throws Exception {
		ModelConfig config = TinyModel.config();
		try (NDManager manager = NDManager.newBaseManager(); SafeTensorWeights w = TinyModel.weights("vae")) {
			VaeEncoder vae = new VaeEncoder(new Parameters(w, manager, DataType.FLOAT32, new Meter()), config.vae);
			NDArray pixels = manager.create(Golden.floats("pixel_nchw"), new Shape(1, 3, 128, 128));
			NDArray mean = vae.posteriorMean(pixels, Progress.NONE, Cancel.NEVER);
			double error = Golden.relativeError(Golden.floats("vae_posterior_mean"), mean.toFloatArray());
			System.out.printf("vae_posterior_mean: relative error %.2e%n", error);
			assertTrue(error <= TOLERANCE, "posterior mean: relative Frobenius error " + error);
			float[] scaled = mean.mul((float) config.vae.scalingFactor).toFloatArray();
			double scaledError = Golden.relativeError(Golden.floats("latents_scaled"), scaled);
			System.out.printf("latents_scaled: relative error %.2e%n", scaledError);
			assertTrue(scaledError <= TOLERANCE, "scaled latents: relative Frobenius error " + scaledError);
		}
	}
}
