package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

/** Config reading: the fixture's configs, the bundled SD 1.4 configs, diffusers defaults and refusals by key. */
class ModelConfigTest {
	static ConfigFile json(String name, String text) throws Exception {
		return ConfigFile.parse(Paths.get("model", name, "config.json"), text);
	}

	@Test
	void readsTheFixture() throws Exception {
		ModelConfig c = TinyModel.config();
		assertArrayEquals(new int[] { 32, 32, 64, 64 }, c.unet.blockChannels);
		assertArrayEquals(new int[] { 8, 8, 8, 8 }, c.unet.heads); // attention_head_dim 8 = number of heads in SD 1.x
		assertArrayEquals(new boolean[] { true, true, true, false }, c.unet.downAttention);
		assertArrayEquals(new boolean[] { false, true, true, true }, c.unet.upAttention);
		assertEquals(32, c.unet.crossAttentionDim);
		assertEquals(0.18215, c.vae.scalingFactor, 0);
		assertEquals(TextEncoderConfig.Activation.QUICK_GELU, c.textEncoder.activation);
		assertEquals(64, c.resolutionStep());
	}

	@Test
	void bundledStableDiffusion14() {
		ModelConfig c = ModelConfig.stableDiffusion14();
		assertArrayEquals(new int[] { 320, 640, 1280, 1280 }, c.unet.blockChannels);
		assertEquals(768, c.unet.crossAttentionDim);
		assertEquals(1280, c.unet.timeEmbeddingDim);
		assertArrayEquals(new int[] { 128, 256, 512, 512 }, c.vae.blockChannels);
		assertEquals(32, c.vae.normGroups); // absent in SD 1.4's vae config: diffusers default
		assertEquals(0.18215, c.vae.scalingFactor, 0); // absent too
		assertEquals(12, c.textEncoder.layers);
		assertEquals(768, c.textEncoder.hiddenSize);
		assertEquals(SchedulerConfig.BetaSchedule.SCALED_LINEAR, c.scheduler.betaSchedule);
		assertFalse(c.scheduler.clipSample);
	}

	@Test
	void perBlockHeadList() throws Exception {
		UNetConfig c = UNetConfig.read(json("unet", "{\"attention_head_dim\": [5, 10, 20, 20], " +
			"\"use_linear_projection\": true}"));
		assertArrayEquals(new int[] { 5, 10, 20, 20 }, c.heads);
		assertTrue(c.linearProjection);
	}

	@Test
	void geluTextEncoder() throws Exception {
		TextEncoderConfig c = TextEncoderConfig.read(json("text_encoder", "{\"hidden_act\": \"gelu\"}"));
		assertEquals(TextEncoderConfig.Activation.GELU, c.activation);
	}

	@Test
	void unsupportedKey_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class,
			() -> UNetConfig.read(json("unet", "{\"class_embed_type\": \"timestep\"}")));
		assertTrue(e.getMessage().contains("unet") && e.getMessage().contains("config.json") &&
			e.getMessage().contains("'class_embed_type'"), e.getMessage());
	}

	@Test
	void unsupportedBlockType_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class, () -> UNetConfig.read(json("unet",
			"{\"down_block_types\": [\"SimpleCrossAttnDownBlock2D\", \"DownBlock2D\"], \"block_out_channels\": [32, 64]}")));
		assertTrue(e.getMessage().contains("'down_block_types'") && e.getMessage().contains("SimpleCrossAttnDownBlock2D"),
			e.getMessage());
	}

	@Test
	void headListOfWrongLength_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class,
			() -> UNetConfig.read(json("unet", "{\"attention_head_dim\": [8, 8]}")));
		assertTrue(e.getMessage().contains("'attention_head_dim'") && e.getMessage().contains("4 blocks"), e.getMessage());
	}

	@Test
	void headsThatDoNotDivideTheChannels_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class,
			() -> UNetConfig.read(json("unet", "{\"attention_head_dim\": 7}")));
		assertTrue(e.getMessage().contains("'attention_head_dim'"), e.getMessage());
	}

	@Test
	void unsupportedActivation_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class,
			() -> TextEncoderConfig.read(json("text_encoder", "{\"hidden_act\": \"relu\"}")));
		assertTrue(e.getMessage().contains("text_encoder") && e.getMessage().contains("'hidden_act'"), e.getMessage());
	}

	@Test
	void wrongValueType_Fail() throws Exception {
		ModelConfigException e = assertThrows(ModelConfigException.class,
			() -> UNetConfig.read(json("unet", "{\"layers_per_block\": \"two\"}")));
		assertTrue(e.getMessage().contains("'layers_per_block'") && e.getMessage().contains("integer"), e.getMessage());
	}

	@Test
	void invalidJson_Fail() {
		ModelConfigException e = assertThrows(ModelConfigException.class, () -> json("vae", "{\"act_fn\": "));
		assertTrue(e.getMessage().contains("vae") && e.getMessage().contains("not valid JSON"), e.getMessage());
	}

	@Test
	void missingFolder_Fail() {
		Path nowhere = Paths.get("target", "no-such-model");
		ModelConfigException e = assertThrows(ModelConfigException.class, () -> ModelConfig.read(nowhere));
		assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
	}
}
