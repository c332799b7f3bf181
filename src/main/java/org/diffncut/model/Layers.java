package org.diffncut.model;

import java.io.IOException;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The primitive layers of the diffusers/transformers modules, as parameter holders with a {@code forward}, and the
 * activations. Dimension letters: B batch, C channels, H×W spatial, T tokens. Results belong to the manager of the
 * input array; temporaries are freed by {@link #scoped}.
 */
final class Layers {
	private Layers() {}

	/**
	 * Runs {@code f} in its own {@link NDScope}: everything it creates is freed except its result, which joins the
	 * enclosing scope (if any), so nested calls free each level's temporaries at that level.
	 */
	static NDArray scoped(Supplier<NDArray> f) {
		NDArray result;
		try (NDScope scope = new NDScope()) {
			result = f.get();
			NDScope.unregister(result);
		}
		NDScope.register(result);
		return result;
	}

	static NDArray silu(NDArray x) {
		return Activation.sigmoid(x).muli(x); // one new array instead of two
	}

	/**
	 * conv(SiLU(norm(x))), freeing each intermediate as soon as it is used: at 512 px a VAE activation is 128 MB per
	 * image, and every one alive at once is memory the allocator maps and the kernel zeroes afresh.
	 */
	static NDArray convolved(GroupNorm norm, Conv conv, NDArray x) {
		NDArray n = norm.forward(x), a = silu(n);
		n.close();
		NDArray y = conv.forward(a);
		a.close();
		return y;
	}

	/** GELU with the exact erf form (PyTorch's default, used by GEGLU and "gelu" text encoders). */
	static NDArray gelu(NDArray x) {
		return Activation.gelu(x);
	}

	/** CLIP's quick_gelu: x·σ(1.702x). */
	static NDArray quickGelu(NDArray x) {
		return x.mul(Activation.sigmoid(x.mul(1.702f)));
	}

	/** 2-D convolution with bias, square kernel, symmetric zero padding. */
	static final class Conv {
		private final NDArray weight, bias;
		private final Shape stride, padding;
		private final long fanIn;
		private final Meter meter;
		private final String name;

		Conv(Parameters p, int in, int out, int kernel, int stride, int padding) throws IOException {
			name = p.prefix();
			weight = p.get("weight", out, in, kernel, kernel);
			bias = p.get("bias", out);
			this.stride = new Shape(stride, stride);
			this.padding = new Shape(padding, padding);
			fanIn = (long) in * kernel * kernel;
			meter = p.meter();
		}

		/** The diffusers module name, e.g. {@code down_blocks.0.downsamplers.0.conv}. */
		String name() {
			return name;
		}

		/** (B, in, H, W) → (B, out, H', W'); 2·in·k² operations per output element. */
		NDArray forward(NDArray x) {
			return meter.product(Arithmetic.Kind.CONVOLUTION, () -> ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias,
				stride, padding).singletonOrThrow(), y -> 2 * y.size() * fanIn);
		}
	}

	/** y = x Wᵀ + b over the last axis; {@code bias} false for the bias-free q/k/v projections. */
	static final class Dense {
		private final NDArray weight, bias;
		private final long in;
		private final Meter meter;

		Dense(Parameters p, int in, int out, boolean bias) throws IOException {
			weight = p.get("weight", out, in);
			this.bias = bias ? p.get("bias", out) : null;
			this.in = in;
			meter = p.meter();
		}

		/** (..., in) → (..., out); 2·in operations per output element. */
		NDArray forward(NDArray x) {
			return meter.product(Arithmetic.Kind.LINEAR, () -> bias == null ?
				ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow() :
				ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow(), y -> 2 * y.size() * in);
		}
	}

	/**
	 * torch.nn.GroupNorm over (B, C, H, W): each of {@code groups} channel groups normalised to zero mean and unit
	 * (biased) variance, then scaled and shifted per channel. Statistics are computed in float32 whatever the
	 * storage type.
	 * <p>
	 * DJL has no group norm, but normalising a group is a layer norm over its C/G·H·W values: PyTorch's fused
	 * layer-norm kernel does it in one pass over the data, about twice as fast as mean, variance and division as
	 * separate tensor operations (52 ms against 95 ms for the VAE's 128×512² activations on two cores).
	 */
	static final class GroupNorm {
		private final int groups;
		private final float eps;
		private final NDArray gamma, beta;

		GroupNorm(Parameters p, int groups, int channels, double eps) throws IOException {
			this.groups = groups;
			this.eps = (float) eps;
			gamma = p.get("weight", channels).reshape(1, channels, 1, 1);
			beta = p.get("bias", channels).reshape(1, channels, 1, 1);
			NDScope.unregister(gamma); // parameters outlive any scope open while the model loads
			NDScope.unregister(beta);
		}

		NDArray forward(NDArray x) {
			return scoped(() -> {
				Shape shape = x.getShape();
				long size = shape.size() / (shape.get(0) * groups);
				NDArray g = x.reshape(shape.get(0), groups, size);
				if (g.getDataType() != DataType.FLOAT32) g = g.toType(DataType.FLOAT32, false);
				// unit scale and zero shift, made per call: the model's own manager is closed to new arrays
				Shape group = new Shape(size);
				NDArray y = ai.djl.nn.norm.LayerNorm.layerNorm(g, group, g.getManager().ones(group),
					g.getManager().zeros(group), eps).singletonOrThrow().reshape(shape);
				if (y.getDataType() != x.getDataType()) y = y.toType(x.getDataType(), false);
				return y.muli(gamma).addi(beta);
			});
		}
	}

	/** torch.nn.LayerNorm over the last axis. */
	static final class LayerNorm {
		private final Shape normalized;
		private final float eps;
		private final NDArray gamma, beta;

		LayerNorm(Parameters p, int channels, double eps) throws IOException {
			normalized = new Shape(channels);
			this.eps = (float) eps;
			gamma = p.get("weight", channels);
			beta = p.get("bias", channels);
		}

		NDArray forward(NDArray x) {
			return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, gamma, beta, eps).singletonOrThrow();
		}
	}
}
