package org.diffncut.model;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers {@code UNet2DConditionModel} of Stable Diffusion 1.x (and 2.x with linear projections): the epsilon
 * prediction for a batch of latents at a timestep, conditioned on a text embedding, with every self-attention map
 * offered to each image's {@link AttentionSink} as the pass goes. Each ResNet, transformer, resampler and outer
 * convolution is a {@link Meter} lap.
 */
final class UNet {
	private final UNetConfig config;
	private final DataType type;
	private final Meter meter;
	private final Layers.Conv convIn, convOut;
	private final Layers.Dense time1, time2;
	private final Level[] down, up;
	private final ResnetBlock midIn, midOut;
	private final Transformer2D[] midAttention;
	private final Layers.GroupNorm normOut;

	/** One down or up block: ResNets, optional transformers after each, optional resampling conv at the end. */
	private static final class Level {
		final ResnetBlock[] resnets;
		final Transformer2D[] attentions;
		final Layers.Conv resample;

		Level(ResnetBlock[] resnets, Transformer2D[] attentions, Layers.Conv resample) {
			this.resnets = resnets;
			this.attentions = attentions;
			this.resample = resample;
		}
	}

	UNet(Parameters p, UNetConfig c) throws IOException {
		config = c;
		type = p.type();
		meter = p.meter();
		int[] ch = c.blockChannels;
		int levels = c.levels(), time = c.timeEmbeddingDim, groups = c.normGroups;
		double eps = c.normEps;
		convIn = new Layers.Conv(p.child("conv_in"), c.inChannels, ch[0], 3, 1, 1);
		time1 = new Layers.Dense(p.child("time_embedding").child("linear_1"), ch[0], time, true);
		time2 = new Layers.Dense(p.child("time_embedding").child("linear_2"), time, time, true);

		down = new Level[levels];
		for (int i = 0, out = ch[0]; i < levels; i++) {
			int in = out;
			out = ch[i];
			Parameters b = p.child("down_blocks", i);
			int n = c.layersPerBlock[i];
			ResnetBlock[] resnets = new ResnetBlock[n];
			Transformer2D[] attentions = c.downAttention[i] ? new Transformer2D[n] : null;
			for (int j = 0; j < n; j++) {
				resnets[j] = new ResnetBlock(b.child("resnets", j), j == 0 ? in : out, out, time, groups, eps, 1);
				if (attentions != null) attentions[j] = new Transformer2D(b.child("attentions", j), AttentionLayer.Part.DOWN,
					out, c.heads[i], c.crossAttentionDim, c.transformerLayers, groups, c.linearProjection);
			}
			Layers.Conv downsample = i < levels - 1 ?
				new Layers.Conv(b.child("downsamplers", 0).child("conv"), out, out, 3, 2, c.downsamplePadding) : null;
			down[i] = new Level(resnets, attentions, downsample);
		}

		int last = ch[levels - 1];
		Parameters mid = p.child("mid_block");
		midIn = new ResnetBlock(mid.child("resnets", 0), last, last, time, groups, eps, c.midBlockScaleFactor);
		midAttention = new Transformer2D[] { new Transformer2D(mid.child("attentions", 0), AttentionLayer.Part.MID, last,
			c.heads[levels - 1], c.crossAttentionDim, c.transformerLayers, groups, c.linearProjection) };
		midOut = new ResnetBlock(mid.child("resnets", 1), last, last, time, groups, eps, c.midBlockScaleFactor);

		up = new Level[levels];
		for (int i = 0, out = last; i < levels; i++) {
			int previous = out, level = levels - 1 - i;
			out = ch[level];
			int in = ch[Math.max(level - 1, 0)];
			Parameters b = p.child("up_blocks", i);
			int n = c.layersPerBlock[level] + 1;
			ResnetBlock[] resnets = new ResnetBlock[n];
			Transformer2D[] attentions = c.upAttention[i] ? new Transformer2D[n] : null;
			for (int j = 0; j < n; j++) {
				int skip = j == n - 1 ? in : out;
				resnets[j] = new ResnetBlock(b.child("resnets", j), (j == 0 ? previous : out) + skip, out, time, groups, eps, 1);
				if (attentions != null) attentions[j] = new Transformer2D(b.child("attentions", j), AttentionLayer.Part.UP,
					out, c.heads[level], c.crossAttentionDim, c.transformerLayers, groups, c.linearProjection);
			}
			Layers.Conv upsample = i < levels - 1 ?
				new Layers.Conv(b.child("upsamplers", 0).child("conv"), out, out, 3, 1, 1) : null;
			up[i] = new Level(resnets, attentions, upsample);
		}
		normOut = new Layers.GroupNorm(p.child("conv_norm_out"), groups, ch[0], eps);
		convOut = new Layers.Conv(p.child("conv_out"), ch[0], c.outChannels, 3, 1, 1);
	}

	/** Every self-attention layer in forward order, with its grid for a latent of {@code height × width}. */
	List<AttentionLayer> selfAttentionLayers(int height, int width) {
		List<AttentionLayer> layers = new ArrayList<>();
		for (int i = 0; i < down.length; i++) add(layers, down[i].attentions, height >> i, width >> i);
		int deepest = down.length - 1;
		add(layers, midAttention, height >> deepest, width >> deepest);
		for (int i = 0; i < up.length; i++) add(layers, up[i].attentions, height >> (deepest - i), width >> (deepest - i));
		return layers;
	}

	private static void add(List<AttentionLayer> layers, Transformer2D[] attentions, int h, int w) {
		if (attentions == null) return;
		for (Transformer2D t : attentions)
			for (String name : t.selfAttentionNames()) layers.add(new AttentionLayer(name, t.part(), h, w));
	}

	/**
	 * The model output (epsilon or v prediction) for {@code sample}.
	 *
	 * @param sample (B, in, h, w) latents; h and w divisible by 2^(levels-1)
	 * @param context (1, S, crossAttentionDim) text embedding, shared by the batch
	 * @param sinks receive each image's self-attention maps, or null
	 * @return (B, out, h, w), owned by the manager of {@code sample}
	 */
	NDArray forward(NDArray sample, int timestep, NDArray context, BatchSinks sinks, Progress progress,
		BooleanSupplier canceled)
	{
		return Layers.scoped(() -> {
			int steps = 2 * down.length + 1, step = 0;
			NDArray x = config.centerInputSample ? sample.mul(2).subi(1) : sample;
			NDArray time = Layers.silu(time2.forward(Layers.silu(time1.forward(timestepEmbedding(sample.getManager(),
				timestep)))));
			meter.lap("time_embedding", time);
			NDArray h = convIn.forward(x);
			meter.lap(convIn.name(), h);
			Deque<NDArray> skips = new ArrayDeque<>();
			skips.push(h);
			for (Level level : down) {
				for (int j = 0; j < level.resnets.length; j++) {
					h = resnet(level.resnets[j], h, time);
					if (level.attentions != null) h = transformer(level.attentions[j], h, context, sinks);
					skips.push(h);
				}
				if (level.resample != null) {
					// diffusers pads right and bottom by one when the conv itself has no padding
					h = level.resample.forward(config.downsamplePadding == 0 ? h.pad(new Shape(0, 1, 0, 1), 0) : h);
					meter.lap(level.resample.name(), h);
					skips.push(h);
				}
				progress.report(++step / (double) steps, "UNet");
				Cancel.check(canceled, "the UNet pass");
			}
			h = resnet(midIn, h, time);
			h = transformer(midAttention[0], h, context, sinks);
			h = resnet(midOut, h, time);
			progress.report(++step / (double) steps, "UNet");
			for (Level level : up) {
				for (int j = 0; j < level.resnets.length; j++) {
					h = resnet(level.resnets[j], h.concat(skips.pop(), 1), time);
					if (level.attentions != null) h = transformer(level.attentions[j], h, context, sinks);
				}
				if (level.resample != null) {
					h = level.resample.forward(h.repeat(2, 2).repeat(3, 2)); // nearest ×2
					meter.lap(level.resample.name(), h);
				}
				progress.report(++step / (double) steps, "UNet");
				Cancel.check(canceled, "the UNet pass");
			}
			NDArray out = Layers.convolved(normOut, convOut, h);
			meter.lap(convOut.name(), out);
			return out;
		});
	}

	private NDArray resnet(ResnetBlock block, NDArray h, NDArray time) {
		NDArray out = block.forward(h, time);
		meter.lap(block.name(), out);
		return out;
	}

	private NDArray transformer(Transformer2D block, NDArray h, NDArray context, BatchSinks sinks) {
		NDArray out = block.forward(h, context, sinks);
		meter.lap(block.name(), out);
		return out;
	}

	/**
	 * diffusers {@code get_timestep_embedding} (1, C) in float32 arithmetic as PyTorch does it: frequencies
	 * exp(-ln(10000)·i / (C/2 - freq_shift)), [sin, cos] of t·frequency, swapped to [cos, sin] by flip_sin_to_cos.
	 */
	NDArray timestepEmbedding(NDManager manager, int timestep) {
		int dim = config.blockChannels[0], half = dim / 2;
		float[] e = new float[dim];
		float logPeriod = (float) -Math.log(10000);
		for (int i = 0; i < half; i++) {
			float exponent = logPeriod * i / (half - config.freqShift);
			float angle = timestep * (float) Math.exp(exponent);
			float sin = (float) Math.sin(angle), cos = (float) Math.cos(angle);
			e[config.flipSinToCos ? half + i : i] = sin;
			e[config.flipSinToCos ? i : half + i] = cos;
		}
		return manager.create(e, new Shape(1, dim)).toType(type, false);
	}
}
