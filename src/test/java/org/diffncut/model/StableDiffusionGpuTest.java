package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.diffncut.Cancel;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;

/** The float16 GPU path against the float32 diffusers goldens; skipped where PyTorch sees no GPU. */
@Tag("gpu")
class StableDiffusionGpuTest {
	/** float16 weights and activations keep about 3 significant digits. */
	static final double TOLERANCE = 2e-2;

	@Test
	void float16MapsMatchTheGoldens() throws Exception {
		assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
		try (StableDiffusion sd = StableDiffusion.load(TinyModel.folder(), DeviceChoice.AUTO, Progress.NONE, w -> {})) {
			assertEquals("gpu0 float16", sd.device());
			StableDiffusionTest.Collect sink = new StableDiffusionTest.Collect();
			sd.capture(StableDiffusionTest.goldenImage(), new ForwardOptions(300, 1, null), sink, Progress.NONE,
				Cancel.NEVER);
			sink.maps.clear();
			sd.capture(StableDiffusionTest.goldenImage(), new ForwardOptions(300, 0, null), sink, Progress.NONE,
				Cancel.NEVER);
			for (AttentionLayer layer : sd.selfAttentionLayers(128)) {
				double e = Golden.relativeError(Golden.floats("attn/" + layer.name() + "/head_mean"),
					sink.maps.get(layer.name()));
				assertTrue(e <= TOLERANCE, layer + ": relative Frobenius error " + e);
			}
		}
	}
}
