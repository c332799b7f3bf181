package org.diffncut.model;

import java.io.IOException;

/** The encoder half of a diffusers {@code AutoencoderKL}, read from {@code vae/config.json}. */
final class VaeConfig {
	/** Stable Diffusion 1.x's latent scale, the diffusers default when the config predates the key. */
	static final double SD_SCALING_FACTOR = 0.18215;

	final int inChannels, latentChannels;
	final int[] blockChannels;
	final int layersPerBlock;
	final int normGroups;
	final double scalingFactor;
	final boolean quantConv;
	final boolean midAttention;
	/** Run in float32 even where the UNet runs in float16 (the diffusers flag for VAEs that overflow in half precision). */
	final boolean forceUpcast;

	private VaeConfig(ConfigFile c) throws IOException {
		c.require("act_fn", "silu");
		if (c.has("shift_factor") && c.number("shift_factor", 0) != 0) throw c.unsupported("shift_factor",
			"Stable Diffusion 1.x/2.x latents are only scaled");
		inChannels = c.integer("in_channels", 3);
		latentChannels = c.integer("latent_channels", 4);
		blockChannels = c.integers("block_out_channels", new int[] { 64 });
		if (blockChannels.length == 0) throw c.unsupported("block_out_channels", "needs at least one level");
		for (String type : c.strings("down_block_types", new String[] { "DownEncoderBlock2D" }))
			if (!type.equals("DownEncoderBlock2D")) throw c.unsupported("down_block_types",
				"block type \"" + type + "\"; supported: DownEncoderBlock2D");
		if (c.strings("down_block_types", new String[] { "DownEncoderBlock2D" }).length != blockChannels.length)
			throw c.unsupported("down_block_types", "must list one block per entry of block_out_channels");
		layersPerBlock = c.integer("layers_per_block", 1);
		normGroups = c.integer("norm_num_groups", 32);
		for (int ch : blockChannels)
			if (ch % normGroups != 0) throw c.unsupported("norm_num_groups", normGroups + " groups do not divide " + ch +
				" channels");
		scalingFactor = c.number("scaling_factor", SD_SCALING_FACTOR);
		quantConv = c.bool("use_quant_conv", true);
		midAttention = c.bool("mid_block_add_attention", true);
		forceUpcast = c.bool("force_upcast", true);
	}

	static VaeConfig read(ConfigFile file) throws IOException {
		return new VaeConfig(file);
	}

	/** Spatial downsampling from pixels to latents. */
	int downsampling() {
		return 1 << (blockChannels.length - 1);
	}
}
