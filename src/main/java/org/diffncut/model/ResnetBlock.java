package org.diffncut.model;

import java.io.IOException;

import ai.djl.ndarray.NDArray;

/**
 * diffusers {@code ResnetBlock2D} ("default" time embedding): GroupNorm → SiLU → conv3×3 → + projected time
 * embedding → GroupNorm → SiLU → conv3×3, plus the input (through a 1×1 conv when the channel count changes),
 * divided by the output scale.
 */
final class ResnetBlock {
	private final Layers.GroupNorm norm1, norm2;
	private final Layers.Conv conv1, conv2, shortcut;
	private final Layers.Dense timeProjection;
	private final int outChannels;
	private final float outputScale;
	private final String name;

	/** {@code timeChannels} 0 for the VAE's blocks, which have no time embedding. */
	ResnetBlock(Parameters p, int in, int out, int timeChannels, int groups, double eps, double outputScale)
		throws IOException
	{
		name = p.prefix();
		norm1 = new Layers.GroupNorm(p.child("norm1"), groups, in, eps);
		conv1 = new Layers.Conv(p.child("conv1"), in, out, 3, 1, 1);
		timeProjection = timeChannels > 0 ? new Layers.Dense(p.child("time_emb_proj"), timeChannels, out, true) : null;
		norm2 = new Layers.GroupNorm(p.child("norm2"), groups, out, eps);
		conv2 = new Layers.Conv(p.child("conv2"), out, out, 3, 1, 1);
		shortcut = in != out ? new Layers.Conv(p.child("conv_shortcut"), in, out, 1, 1, 0) : null;
		outChannels = out;
		this.outputScale = (float) outputScale;
	}

	/** The diffusers module name, e.g. {@code down_blocks.0.resnets.1}. */
	String name() {
		return name;
	}

	/**
	 * @param x (B, in, H, W)
	 * @param activatedTime SiLU of the time embedding, (B, timeChannels), or null without one
	 * @return (B, out, H, W)
	 */
	NDArray forward(NDArray x, NDArray activatedTime) {
		return Layers.scoped(() -> {
			NDArray h = Layers.convolved(norm1, conv1, x);
			if (timeProjection != null)
				h = h.addi(timeProjection.forward(activatedTime).reshape(-1, outChannels, 1, 1));
			NDArray y = Layers.convolved(norm2, conv2, h);
			h.close();
			NDArray out = shortcut == null ? y.addi(x) : shortcut.forward(x).addi(y);
			return outputScale == 1 ? out : out.divi(outputScale);
		});
	}
}
