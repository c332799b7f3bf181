package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

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

	/**
	 * A batch of two different images on the GPU: each image's maps match the goldens' (the golden image) or its
	 * single pass (the mirror image) to float16 precision, and the default batch is chosen from free memory (at
	 * least 1).
	 */
	@Test
	void float16BatchesHandEachImageItsMaps() throws Exception {
		assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
		try (StableDiffusion sd = StableDiffusion.load(TinyModel.folder(), DeviceChoice.GPU, Progress.NONE, w -> {})) {
			StableDiffusionTest.Collect a = new StableDiffusionTest.Collect(), b = new StableDiffusionTest.Collect(),
				alone = new StableDiffusionTest.Collect();
			sd.capture(List.of(StableDiffusionTest.goldenImage(), StableDiffusionTest.mirroredImage()),
				new ForwardOptions(300, 0, null), List.of(a, b), Progress.NONE, Cancel.NEVER);
			sd.capture(StableDiffusionTest.mirroredImage(), new ForwardOptions(300, 0, null), alone, Progress.NONE,
				Cancel.NEVER);
			for (AttentionLayer layer : sd.selfAttentionLayers(128)) {
				double e = Golden.relativeError(Golden.floats("attn/" + layer.name() + "/head_mean"), a.maps.get(layer.name()));
				assertTrue(e <= TOLERANCE, layer + ": relative Frobenius error " + e);
				e = Golden.relativeError(alone.maps.get(layer.name()), b.maps.get(layer.name()));
				assertTrue(e <= TOLERANCE, layer + ": mirror image, relative Frobenius error " + e);
			}
			assertTrue(sd.defaultBatch(128) >= 1);
			assertTrue(sd.deviceMemory().contains("GB in use"), sd.deviceMemory());
		}
	}
}
