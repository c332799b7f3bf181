package org.diffncut.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scaled dot-product attention over projected queries, keys and values; scores and softmax in float32 whatever
 * the storage type (what diffusers' {@code upcast_attention} does for SD 2.1), the value product in the storage type.
 * Dimension letters: B batch, T query tokens, S key tokens, C channels = H heads × D head channels.
 * <p>
 * Queries are processed in blocks whose float32 scores (all heads) stay under a bound ({@link #BLOCK_BYTES}): a
 * block's scores, probabilities, head mean and value product then stay in cache, which makes a 4096-token layer
 * about 1.7× faster on the CPU than whole-matrix steps, and no T×S map ever exists: the head mean goes to its
 * consumer block by block, while it is in cache.
 */
final class MultiHeadAttention {
	/**
	 * Upper bound on the float32 scores of one query block: measured best between 16 and 32 MiB on a 2 MiB-L2 Xeon; on
	 * a 1 MiB-L2 AMD EPYC 8–32 MiB did alike within the noise, and 2 and 4 MiB took 25–35% longer at their best (the
	 * UNet's attention products, bench-model --blocks).
	 */
	static final long BLOCK_BYTES = 16L << 20;

	/** Receives the mean over heads of the attention probabilities, one query block at a time. */
	interface HeadMeans {
		/**
		 * Rows {@code firstQuery}.. of image {@code image}'s float32 (T, S) head mean, as (r, S). Blocks arrive in query
		 * order and cover all T queries of every image; {@code rows} is valid during the call only and is not to be
		 * modified.
		 */
		void accept(int image, int firstQuery, NDArray rows);
	}

	private final int heads;
	private final Meter meter;
	private final long blockBytes;

	MultiHeadAttention(int heads, Meter meter) {
		this(heads, meter, BLOCK_BYTES);
	}

	/** With query blocks of at most {@code blockBytes} of scores. */
	MultiHeadAttention(int heads, Meter meter, long blockBytes) {
		this.heads = heads;
		this.meter = meter;
		this.blockBytes = blockBytes;
	}

	/**
	 * softmax(Q Kᵀ / √D + mask) V per head and image.
	 *
	 * @param q (B, T, C)
	 * @param k (B, S, C), or (1, S, C) for keys every image shares (a text embedding)
	 * @param v like {@code k}
	 * @param mask additive float32 (T, S) mask, or null
	 * @param headMeans receives each image's head mean, or null
	 * @return (B, T, C)
	 */
	NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, HeadMeans headMeans) {
		Shape qs = q.getShape();
		long b = qs.get(0), t = qs.get(1), c = qs.get(2), kb = k.getShape().get(0), s = k.getShape().get(1);
		return meter.product(Arithmetic.Kind.ATTENTION, () -> Layers.scoped(() -> {
			long d = c / heads;
			NDArray qh = q.mul((float) (1 / Math.sqrt(d))).reshape(b, t, heads, d).transpose(0, 2, 1, 3); // (B, H, T, D)
			NDArray kt = k.reshape(kb, s, heads, d).transpose(0, 2, 3, 1); // (B, H, D, S)
			if (qh.getDataType() != DataType.FLOAT32) { // scores in float32: float16 dot products can overflow
				qh = qh.toType(DataType.FLOAT32, false);
				kt = kt.toType(DataType.FLOAT32, false);
			}
			NDArray vh = v.reshape(kb, s, heads, d).transpose(0, 2, 1, 3); // (B, H, S, D)
			long rows = Math.max(1, Math.min(t, blockBytes / (4 * b * heads * s)));
			NDList outputs = new NDList();
			for (long q0 = 0; q0 < t; q0 += rows) {
				long q1 = Math.min(t, q0 + rows);
				NDArray o;
				try (NDScope scope = new NDScope()) {
					NDArray scores = (rows == t ? qh : qh.get(new NDIndex(":, :, {}:{}", q0, q1))).matMul(kt); // (B, H, r, S)
					if (mask != null) scores = scores.addi(rows == t ? mask : mask.get(new NDIndex("{}:{}", q0, q1)));
					NDArray p = scores.softmax(-1);
					scores.close();
					if (headMeans != null) {
						NDArray mean = p.sum(new int[] { 1 }).divi(heads); // (B, r, S)
						for (int i = 0; i < b; i++) headMeans.accept(i, (int) q0, mean.get(i));
					}
					o = p.toType(v.getDataType(), false).matMul(vh).transpose(0, 2, 1, 3).reshape(b, q1 - q0, c); // (B, r, C)
					NDScope.unregister(o);
				}
				NDScope.register(o); // the block's output belongs to the enclosing scope again
				outputs.add(o);
			}
			return outputs.size() == 1 ? outputs.head() : NDArrays.concat(outputs, 1);
		}), out -> 4 * b * t * s * c);
	}
}
