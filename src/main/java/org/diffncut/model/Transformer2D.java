package org.diffncut.model;

import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * diffusers {@code Transformer2DModel} as used by Stable Diffusion 1.x/2.x: GroupNorm (eps 1e-6) → proj_in (1×1
 * conv, or linear with {@code use_linear_projection}) → {@code BasicTransformerBlock}s over the H·W tokens →
 * proj_out → + input. Each block's self-attention ({@code attn1}) can hand each image's head-mean probabilities to
 * its {@link AttentionSink}.
 */
final class Transformer2D {
	private final String name;
	private final AttentionLayer.Part part;
	private final Layers.GroupNorm norm;
	private final Layers.Conv projInConv, projOutConv;
	private final Layers.Dense projInLinear, projOutLinear;
	private final Block[] blocks;
	private final int channels;

	Transformer2D(Parameters p, AttentionLayer.Part part, int channels, int heads, int contextDim, int layers,
		int groups, boolean linearProjection) throws IOException
	{
		this.name = p.prefix();
		this.part = part;
		this.channels = channels;
		norm = new Layers.GroupNorm(p.child("norm"), groups, channels, 1e-6);
		if (linearProjection) {
			projInLinear = new Layers.Dense(p.child("proj_in"), channels, channels, true);
			projOutLinear = new Layers.Dense(p.child("proj_out"), channels, channels, true);
			projInConv = projOutConv = null;
		}
		else {
			projInConv = new Layers.Conv(p.child("proj_in"), channels, channels, 1, 1, 0);
			projOutConv = new Layers.Conv(p.child("proj_out"), channels, channels, 1, 1, 0);
			projInLinear = projOutLinear = null;
		}
		blocks = new Block[layers];
		for (int i = 0; i < layers; i++)
			blocks[i] = new Block(p.child("transformer_blocks", i), channels, heads, contextDim);
	}

	/** The diffusers module name, e.g. {@code down_blocks.1.attentions.0}. */
	String name() {
		return name;
	}

	/** The diffusers names of the self-attention layers, in forward order. */
	String[] selfAttentionNames() {
		String[] names = new String[blocks.length];
		for (int i = 0; i < blocks.length; i++) names[i] = name + ".transformer_blocks." + i + ".attn1";
		return names;
	}

	AttentionLayer.Part part() {
		return part;
	}

	/**
	 * @param x (B, C, H, W)
	 * @param context (B, S, contextDim) text embedding, or (1, S, contextDim) for all images
	 * @param sinks receive the attn1 maps they want, or null
	 */
	NDArray forward(NDArray x, NDArray context, BatchSinks sinks) {
		return Layers.scoped(() -> {
			Shape s = x.getShape();
			int b = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
			NDArray t = norm.forward(x);
			if (projInConv != null) t = projInConv.forward(t).transpose(0, 2, 3, 1).reshape(b, h * w, channels);
			else t = projInLinear.forward(t.transpose(0, 2, 3, 1).reshape(b, h * w, channels));
			String[] names = selfAttentionNames();
			for (int i = 0; i < blocks.length; i++) {
				AttentionLayer layer = new AttentionLayer(names[i], part, h, w);
				t = blocks[i].forward(t, context, sinks == null ? null : sinks.headMeans(layer));
			}
			NDArray y = projOutConv != null ?
				projOutConv.forward(t.reshape(b, h, w, channels).transpose(0, 3, 1, 2)) :
				projOutLinear.forward(t).reshape(b, h, w, channels).transpose(0, 3, 1, 2);
			return y.add(x);
		});
	}

	/** diffusers {@code BasicTransformerBlock}: pre-LayerNorm self-attention, cross-attention and GEGLU feed-forward. */
	private static final class Block {
		private final Layers.LayerNorm norm1, norm2, norm3;
		private final Layers.Dense q1, k1, v1, out1, q2, k2, v2, out2, geglu, down;
		private final MultiHeadAttention attention;
		private final int hidden;

		Block(Parameters p, int channels, int heads, int contextDim) throws IOException {
			attention = new MultiHeadAttention(heads, p.meter());
			hidden = 4 * channels;
			norm1 = new Layers.LayerNorm(p.child("norm1"), channels, 1e-5);
			norm2 = new Layers.LayerNorm(p.child("norm2"), channels, 1e-5);
			norm3 = new Layers.LayerNorm(p.child("norm3"), channels, 1e-5);
			Parameters a1 = p.child("attn1"), a2 = p.child("attn2");
			q1 = new Layers.Dense(a1.child("to_q"), channels, channels, false);
			k1 = new Layers.Dense(a1.child("to_k"), channels, channels, false);
			v1 = new Layers.Dense(a1.child("to_v"), channels, channels, false);
			out1 = new Layers.Dense(a1.child("to_out", 0), channels, channels, true);
			q2 = new Layers.Dense(a2.child("to_q"), channels, channels, false);
			k2 = new Layers.Dense(a2.child("to_k"), contextDim, channels, false);
			v2 = new Layers.Dense(a2.child("to_v"), contextDim, channels, false);
			out2 = new Layers.Dense(a2.child("to_out", 0), channels, channels, true);
			geglu = new Layers.Dense(p.child("ff").child("net", 0).child("proj"), channels, 2 * hidden, true);
			down = new Layers.Dense(p.child("ff").child("net", 2), hidden, channels, true);
		}

		/** (B, T, C) → (B, T, C) */
		NDArray forward(NDArray x, NDArray context, MultiHeadAttention.HeadMeans selfAttentionMaps) {
			return Layers.scoped(() -> {
				NDArray n = norm1.forward(x);
				NDArray h = x.add(out1.forward(
					attention.attend(q1.forward(n), k1.forward(n), v1.forward(n), null, selfAttentionMaps)));
				n = norm2.forward(h);
				h = h.addi(out2.forward(attention.attend(q2.forward(n), k2.forward(context), v2.forward(context), null, null)));
				NDArray projected = geglu.forward(norm3.forward(h)); // (B, T, 2·hidden): value, gate
				NDArray value = projected.get("..., :{}", hidden), gate = projected.get("..., {}:", hidden);
				return h.addi(down.forward(value.mul(Layers.gelu(gate))));
			});
		}
	}
}
