package org.diffncut.model;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The encoder of diffusers {@code AutoencoderKL} up to the posterior mean: conv_in → DownEncoderBlock2Ds (ResNets,
 * stride-2 conv after right/bottom zero padding) → mid block (ResNet, single-head self-attention, ResNet) →
 * GroupNorm → SiLU → conv_out → quant_conv → first {@code latent_channels} channels. All norms use eps 1e-6, as
 * diffusers hard-codes for the VAE. The decoder is never loaded. Each ResNet, attention, downsampler and
 * outer convolution is a {@link Meter} lap.
 */
final class VaeEncoder {
	private final VaeConfig config;
	private final Layers.Conv convIn, convOut, quantConv;
	private final ResnetBlock[][] resnets;
	private final Layers.Conv[] downsamplers;
	private final ResnetBlock midIn, midOut;
	private final Layers.GroupNorm attentionNorm, normOut;
	private final Layers.Dense q, k, v, out;
	private final MultiHeadAttention attention;
	private final String attentionName;
	private final Meter meter;

	VaeEncoder(Parameters root, VaeConfig c) throws IOException {
		config = c;
		meter = root.meter();
		Parameters p = root.child("encoder");
		int[] ch = c.blockChannels;
		int levels = ch.length, groups = c.normGroups, last = ch[levels - 1];
		double eps = 1e-6;
		convIn = new Layers.Conv(p.child("conv_in"), c.inChannels, ch[0], 3, 1, 1);
		resnets = new ResnetBlock[levels][c.layersPerBlock];
		downsamplers = new Layers.Conv[levels - 1];
		for (int i = 0, outCh = ch[0]; i < levels; i++) {
			int in = outCh;
			outCh = ch[i];
			Parameters b = p.child("down_blocks", i);
			for (int j = 0; j < c.layersPerBlock; j++)
				resnets[i][j] = new ResnetBlock(b.child("resnets", j), j == 0 ? in : outCh, outCh, 0, groups, eps, 1);
			if (i < levels - 1) downsamplers[i] = new Layers.Conv(b.child("downsamplers", 0).child("conv"), outCh, outCh, 3, 2, 0);
		}
		Parameters mid = p.child("mid_block");
		midIn = new ResnetBlock(mid.child("resnets", 0), last, last, 0, groups, eps, 1);
		midOut = new ResnetBlock(mid.child("resnets", 1), last, last, 0, groups, eps, 1);
		Parameters a = mid.child("attentions", 0);
		attentionName = a.prefix();
		attention = new MultiHeadAttention(1, meter);
		if (c.midAttention) {
			attentionNorm = new Layers.GroupNorm(a.child("group_norm"), groups, last, eps);
			// checkpoints converted before diffusers 0.14 name the projections query/key/value/proj_attn
			q = new Layers.Dense(a.firstChild("to_q", "query"), last, last, true);
			k = new Layers.Dense(a.firstChild("to_k", "key"), last, last, true);
			v = new Layers.Dense(a.firstChild("to_v", "value"), last, last, true);
			out = new Layers.Dense(a.firstChild("to_out.0", "proj_attn"), last, last, true);
		}
		else {
			attentionNorm = null;
			q = k = v = out = null;
		}
		normOut = new Layers.GroupNorm(p.child("conv_norm_out"), groups, last, eps);
		convOut = new Layers.Conv(p.child("conv_out"), last, 2 * c.latentChannels, 3, 1, 1);
		quantConv = c.quantConv ? new Layers.Conv(root.child("quant_conv"), 2 * c.latentChannels, 2 * c.latentChannels,
			1, 1, 0) : null;
	}

	/**
	 * The posterior mean (B, latent, H/f, W/f) of pixels (B, in, H, W) in [-1, 1], f = 2^(levels-1); unscaled.
	 * Owned by the manager of {@code pixels}.
	 */
	NDArray posteriorMean(NDArray pixels, Progress progress, BooleanSupplier canceled) {
		return Layers.scoped(() -> {
			int levels = resnets.length, steps = levels + 1;
			NDArray h = lap(convIn.name(), null, convIn.forward(pixels));
			for (int i = 0; i < levels; i++) {
				for (ResnetBlock r : resnets[i]) h = lap(r.name(), h, r.forward(h, null));
				if (i < levels - 1)
					h = lap(downsamplers[i].name(), h, downsamplers[i].forward(h.pad(new Shape(0, 1, 0, 1), 0)));
				progress.report((i + 1) / (double) steps, "VAE encoder");
				Cancel.check(canceled, "the VAE encoder");
			}
			h = lap(midIn.name(), h, midIn.forward(h, null));
			if (q != null) h = lap(attentionName, h, attention(h));
			h = lap(midOut.name(), h, midOut.forward(h, null));
			NDArray moments = lap(convOut.name(), h, Layers.convolved(normOut, convOut, h));
			if (quantConv != null) moments = lap(quantConv.name(), moments, quantConv.forward(moments));
			progress.report(1, "VAE encoder");
			return moments.get(":, :{}", config.latentChannels);
		});
	}

	/**
	 * Ends the {@link Meter} lap of module {@code name} with {@code next}, and frees {@code previous} (a
	 * full-resolution activation can be hundreds of MB) now that {@code next} exists.
	 */
	private NDArray lap(String name, NDArray previous, NDArray next) {
		if (previous != null) previous.close();
		meter.lap(name, next);
		return next;
	}

	/** diffusers {@code Attention} of the VAE mid block: one head over all H·W tokens, residual, no rescale. */
	private NDArray attention(NDArray x) {
		return Layers.scoped(() -> {
			Shape s = x.getShape();
			long b = s.get(0), c = s.get(1), hw = s.get(2) * s.get(3);
			NDArray t = attentionNorm.forward(x).reshape(b, c, hw).transpose(0, 2, 1); // (B, HW, C)
			NDArray a = attention.attend(q.forward(t), k.forward(t), v.forward(t), null, null);
			return out.forward(a).transpose(0, 2, 1).reshape(s).add(x);
		});
	}
}
