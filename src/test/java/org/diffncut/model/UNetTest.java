package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.diffncut.Cancel;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Against the diffusers goldens of the tiny fixture: unet_input, timestep 300 and text_embeddings → unet_output and
 * attn/&lt;layer&gt;/head_mean of all 16 self-attention layers (README, "golden.safetensors").
 */
class UNetTest {
	static final double TOLERANCE = 1e-4;

	@Test
	void outputAndEverySelfAttentionMapMatchDiffusers() throws Exception {
		ModelConfig config = TinyModel.config();
		try (NDManager manager = NDManager.newBaseManager(); SafeTensorWeights w = TinyModel.weights("unet")) {
			UNet unet = new UNet(new Parameters(w, manager, DataType.FLOAT32, new Meter()), config.unet);
			NDArray latents = manager.create(Golden.floats("unet_input"), new Shape(1, 4, 16, 16));
			NDArray context = manager.create(Golden.floats("text_embeddings"), new Shape(1, 77, 32));
			StableDiffusionTest.Collect collect = new StableDiffusionTest.Collect();
			int timestep = (int) Golden.longs("timestep")[0];
			NDArray output = unet.forward(latents, timestep, context, new BatchSinks(List.of(collect), new Meter()),
				Progress.NONE, Cancel.NEVER);
			Map<String, float[]> maps = collect.maps;
			double error = Golden.relativeError(Golden.floats("unet_output"), output.toFloatArray());
			System.out.printf("unet_output: relative error %.2e%n", error);
			assertTrue(error <= TOLERANCE, "unet_output: relative Frobenius error " + error);
			List<AttentionLayer> layers = unet.selfAttentionLayers(16, 16);
			assertEquals(16, layers.size());
			assertEquals(maps.keySet(), layers.stream().map(AttentionLayer::name).collect(Collectors
				.toCollection(LinkedHashSet::new)), "layers in forward order");
			for (AttentionLayer layer : layers) {
				double e = Golden.relativeError(Golden.floats("attn/" + layer.name() + "/head_mean"), maps.get(layer.name()));
				System.out.printf("%s head_mean: relative error %.2e%n", layer.name(), e);
				assertTrue(e <= TOLERANCE, layer + ": relative Frobenius error " + e);
			}
		}
	}
}
