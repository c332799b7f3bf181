package org.diffncut.model;

import java.io.IOException;

/**
 * The architecture of a diffusers {@code UNet2DConditionModel} of the Stable Diffusion 1.x/2.x family, read from
 * {@code unet/config.json}. Keys that select anything else (class or addition embeddings, other block types, scale
 * shifts, ...) are rejected by name rather than silently ignored.
 */
final class UNetConfig {
	static final String CROSS_DOWN = "CrossAttnDownBlock2D", DOWN = "DownBlock2D";
	static final String CROSS_UP = "CrossAttnUpBlock2D", UP = "UpBlock2D";

	final int inChannels, outChannels;
	/** Channels of each resolution level, finest first. */
	final int[] blockChannels;
	/** ResNet layers of each down block; the up block of the same level has one more. */
	final int[] layersPerBlock;
	/** Whether down block i (finest first) and up block i (coarsest first) hold cross-attention transformers. */
	final boolean[] downAttention, upAttention;
	/** Attention heads of the transformers of down block i (the up blocks use the reversed list, the mid block the last). */
	final int[] heads;
	final int transformerLayers;
	final int crossAttentionDim;
	final int normGroups;
	final double normEps;
	final boolean flipSinToCos;
	final int freqShift;
	final int downsamplePadding;
	final double midBlockScaleFactor;
	final boolean centerInputSample;
	final boolean linearProjection;
	final int timeEmbeddingDim;

	private UNetConfig(ConfigFile c) throws IOException {
		for (String key : new String[] { "class_embed_type", "addition_embed_type", "num_class_embeds", "encoder_hid_dim",
			"encoder_hid_dim_type", "time_cond_proj_dim", "time_embedding_act_fn", "timestep_post_act",
			"cross_attention_norm", "reverse_transformer_layers_per_block" })
			if (c.has(key)) throw c.unsupported(key, "Stable Diffusion 1.x/2.x UNets leave it null");
		// diffusers itself refuses num_attention_heads here; attention_head_dim carries the head count instead.
		if (c.has("num_attention_heads")) throw c.unsupported("num_attention_heads",
			"diffusers reads the head count from attention_head_dim for this model class");
		c.require("act_fn", "silu");
		c.require("mid_block_type", "UNetMidBlock2DCrossAttn");
		c.require("only_cross_attention", false);
		c.require("dual_cross_attention", false);
		c.require("mid_block_only_cross_attention", false);
		c.require("class_embeddings_concat", false);
		c.require("time_embedding_type", "positional");
		c.require("resnet_time_scale_shift", "default");
		c.require("resnet_skip_time_act", false);
		c.require("resnet_out_scale_factor", 1.0);
		c.require("conv_in_kernel", 3);
		c.require("conv_out_kernel", 3);
		c.require("attention_type", "default");

		inChannels = c.integer("in_channels", 4);
		outChannels = c.integer("out_channels", 4);
		blockChannels = c.integers("block_out_channels", new int[] { 320, 640, 1280, 1280 });
		int levels = blockChannels.length;
		if (levels == 0) throw c.unsupported("block_out_channels", "needs at least one level");
		String[] down = c.strings("down_block_types", new String[] { CROSS_DOWN, CROSS_DOWN, CROSS_DOWN, DOWN });
		String[] up = c.strings("up_block_types", new String[] { UP, CROSS_UP, CROSS_UP, CROSS_UP });
		for (String type : down)
			if (!type.equals(CROSS_DOWN) && !type.equals(DOWN)) throw c.unsupported("down_block_types",
				"block type \"" + type + "\"; supported: " + CROSS_DOWN + ", " + DOWN);
		for (String type : up)
			if (!type.equals(CROSS_UP) && !type.equals(UP)) throw c.unsupported("up_block_types",
				"block type \"" + type + "\"; supported: " + CROSS_UP + ", " + UP);
		if (down.length != levels) throw c.unsupported("down_block_types", "must list one block per entry of block_out_channels");
		if (up.length != levels) throw c.unsupported("up_block_types", "must list one block per entry of block_out_channels");
		downAttention = new boolean[levels];
		upAttention = new boolean[levels];
		for (int i = 0; i < levels; i++) {
			downAttention[i] = down[i].equals(CROSS_DOWN);
			upAttention[i] = up[i].equals(CROSS_UP);
		}
		layersPerBlock = c.perBlock("layers_per_block", levels, 2);
		heads = c.perBlock("attention_head_dim", levels, 8);
		transformerLayers = c.integer("transformer_layers_per_block", 1);
		if (transformerLayers < 1) throw c.unsupported("transformer_layers_per_block", "must be positive");
		crossAttentionDim = c.integer("cross_attention_dim", 1280);
		normGroups = c.integer("norm_num_groups", 32);
		normEps = c.number("norm_eps", 1e-5);
		flipSinToCos = c.bool("flip_sin_to_cos", true);
		freqShift = c.integer("freq_shift", 0);
		downsamplePadding = c.integer("downsample_padding", 1);
		midBlockScaleFactor = c.number("mid_block_scale_factor", 1);
		centerInputSample = c.bool("center_input_sample", false);
		linearProjection = c.bool("use_linear_projection", false);
		timeEmbeddingDim = c.integer("time_embedding_dim", blockChannels[0] * 4);
		for (int i = 0; i < levels; i++) {
			if (heads[i] <= 0 || blockChannels[i] % heads[i] != 0) throw c.unsupported("attention_head_dim",
				"the head count " + heads[i] + " must divide the " + blockChannels[i] + " channels of block " + i);
			if (blockChannels[i] % normGroups != 0) throw c.unsupported("norm_num_groups",
				normGroups + " groups do not divide the " + blockChannels[i] + " channels of block " + i);
			if (layersPerBlock[i] < 1) throw c.unsupported("layers_per_block", "must be positive");
		}
	}

	static UNetConfig read(ConfigFile file) throws IOException {
		return new UNetConfig(file);
	}

	int levels() {
		return blockChannels.length;
	}

	/** Spatial downsampling from the latent to the coarsest level. */
	int downsampling() {
		return 1 << (levels() - 1);
	}
}
