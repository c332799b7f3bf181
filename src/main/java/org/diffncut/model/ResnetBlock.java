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

	/** {@code timeChannels} 0 for the VAE's blocks, which have no time embedding. */
	ResnetBlock(Parameters p, int in, int out, int timeChannels, int groups, double eps, double outputScale)
		throws IOException
	{
		norm1 = new Layers.GroupNorm(p.child("norm1"), groups, in, eps);
		conv1 = new Layers.Conv(p.child("conv1"), in, out, 3, 1, 1);
		timeProjection = timeChannels > 0 ? new Layers.Dense(p.child("time_emb_proj"), timeChannels, out, true) : null;
		norm2 = new Layers.GroupNorm(p.child("norm2"), groups, out, eps);
		conv2 = new Layers.Conv(p.child("conv2"), out, out, 3, 1, 1);
		shortcut = in != out ? new Layers.Conv(p.child("conv_shortcut"), in, out, 1, 1, 0) : null;
		outChannels = out;
		this.outputScale = (float) outputScale;
	}

	/**
	 * @param x (B, in, H, W)
	 * @param activatedTime SiLU of the time embedding, (B, timeChannels), or null without one
	 * @return (B, out, H, W)
	 */
	NDArray forward(NDArray x, NDArray activatedTime) {
		return Layers.scoped(() -> {
			NDArray h = conv1.forward(Layers.silu(norm1.forward(x)));
			if (timeProjection != null)
				h = h.addi(timeProjection.forward(activatedTime).reshape(-1, outChannels, 1, 1));
			h = conv2.forward(Layers.silu(norm2.forward(h)));
			NDArray out = (shortcut == null ? x : shortcut.forward(x)).add(h);
			return outputScale == 1 ? out : out.divi(outputScale);
		});
	}
}
