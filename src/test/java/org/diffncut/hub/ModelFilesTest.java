package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.diffncut.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names of the diffusers layout. Reference: the files of CompVis/stable-diffusion-v1-4 on the hub and
 * diffusers' variant naming ({@code <name>.<variant>.safetensors}); the tiny fixture model for a complete folder.
 */
class ModelFilesTest {
	@TempDir
	Path tmp;

	@Test
	void fullPrecisionAndFp16WeightNames() throws HubException {
		assertEquals(Arrays.asList("unet/config.json", "vae/config.json", "text_encoder/config.json",
			"scheduler/scheduler_config.json", "text_encoder/model.safetensors", "vae/diffusion_pytorch_model.safetensors",
			"unet/diffusion_pytorch_model.safetensors"), ModelFiles.of(null).required());
		ModelFiles fp16 = ModelFiles.of("fp16");
		assertEquals("unet/diffusion_pytorch_model.fp16.safetensors", fp16.unetWeights());
		assertEquals("vae/diffusion_pytorch_model.fp16.safetensors", fp16.vaeWeights());
		assertEquals("text_encoder/model.fp16.safetensors", fp16.textEncoderWeights());
		assertEquals(Arrays.asList("model_index.json"), fp16.optional());
	}

	@Test
	void aVariantIsAPlainName() {
		assertThrows(HubException.class, () -> ModelFiles.of("../fp16"));
	}

	@Test
	void theFixtureModelIsComplete() throws HubException {
		ModelFiles.of(null).check(Fixtures.tinySd14().resolve("model"));
	}

	@Test
	void aMissingVariantSaysThereAreFullPrecisionWeights() {
		Path model = Fixtures.tinySd14().resolve("model");
		HubException e = assertThrows(HubException.class, () -> ModelFiles.of("fp16").check(model));
		assertEquals("model folder " + model + " has no text_encoder/model.fp16.safetensors: it has full-precision " +
			"weights only: drop the fp16 variant, or fetch it with 'diffncut fetch-model --variant fp16'", e.getMessage());
	}

	@Test
	void onlyVariantWeightsSaySoAndOnlyBinWeightsSaySafetensorsAreNeeded() throws IOException {
		for (String config : ModelFiles.of(null).required()) {
			if (config.endsWith(".json")) touch(tmp.resolve(config));
		}
		touch(tmp.resolve("text_encoder/model.fp16.safetensors"));
		HubException e = assertThrows(HubException.class, () -> ModelFiles.of(null).check(tmp));
		assertEquals("model folder " + tmp + " has no text_encoder/model.safetensors: it has fp16 weights only: ask " +
			"for the fp16 variant (--variant fp16)", e.getMessage());

		touch(tmp.resolve("text_encoder/model.safetensors"));
		touch(tmp.resolve("vae/diffusion_pytorch_model.bin"));
		e = assertThrows(HubException.class, () -> ModelFiles.of(null).check(tmp));
		assertEquals("model folder " + tmp + " has no vae/diffusion_pytorch_model.safetensors: diffncut reads " +
			"safetensors weights only, not diffusion_pytorch_model.bin: download the .safetensors files (diffncut " +
			"fetch-model) or convert the weights with diffusers", e.getMessage());
	}

	private static void touch(Path p) throws IOException {
		Files.createDirectories(p.getParent());
		Files.write(p, new byte[0]);
	}
}
