package org.diffncut.model;

import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scaled dot-product attention over projected queries, keys and values, softmax in float32 whatever the storage
 * type. Dimension letters: B batch, T query tokens, S key tokens, C channels = H heads × D head channels.
 * <p>
 * Heads are processed in chunks whose probability maps stay under {@link #CHUNK_BYTES}, so a 4096-token layer never
 * holds all eight 64 MiB maps at once; the optional head mean is accumulated chunk by chunk.
 */
final class MultiHeadAttention {
	private MultiHeadAttention() {}

	/** Upper bound on the float32 probabilities of one chunk of heads. */
	static final long CHUNK_BYTES = 256L << 20;

	/**
	 * softmax(Q Kᵀ / √D + mask) V per head.
	 *
	 * @param q (B, T, C)
	 * @param k (B, S, C)
	 * @param v (B, S, C)
	 * @param mask additive float32 (T, S) mask, or null
	 * @param headMean if not null, receives the float32 (T, S) mean over heads of the probabilities of batch 0,
	 *        valid during the call only
	 * @return (B, T, C)
	 */
	static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray mask, Consumer<NDArray> headMean) {
		return Layers.scoped(() -> {
			Shape qs = q.getShape();
			long b = qs.get(0), t = qs.get(1), c = qs.get(2), s = k.getShape().get(1), d = c / heads;
			NDArray qh = q.mul((float) (1 / Math.sqrt(d))).reshape(b, t, heads, d).transpose(0, 2, 1, 3); // (B, H, T, D)
			NDArray kt = k.reshape(b, s, heads, d).transpose(0, 2, 3, 1); // (B, H, D, S)
			NDArray vh = v.reshape(b, s, heads, d).transpose(0, 2, 1, 3); // (B, H, S, D)
			int chunk = (int) Math.max(1, Math.min(heads, CHUNK_BYTES / (4 * b * t * s)));
			NDList outputs = new NDList();
			NDArray probabilitySum = null;
			for (int h0 = 0; h0 < heads; h0 += chunk) {
				int h1 = Math.min(heads, h0 + chunk);
				NDArray o;
				try (NDScope scope = new NDScope()) {
					NDIndex part = new NDIndex(":, {}:{}", h0, h1);
					NDArray scores = chunk == heads ? qh.matMul(kt) : qh.get(part).matMul(kt.get(part)); // (B, h, T, S)
					if (scores.getDataType() != DataType.FLOAT32) scores = scores.toType(DataType.FLOAT32, false);
					if (mask != null) scores = scores.addi(mask);
					NDArray p = scores.softmax(-1);
					scores.close();
					if (headMean != null) {
						NDArray partial = p.sum(new int[] { 1 }); // (B, T, S)
						probabilitySum = probabilitySum == null ? partial : probabilitySum.addi(partial);
						NDScope.unregister(probabilitySum);
					}
					o = p.toType(v.getDataType(), false).matMul(chunk == heads ? vh : vh.get(part)); // (B, h, T, D)
					NDScope.unregister(o);
				}
				// survivors of the chunk belong to the enclosing scope again
				NDScope.register(o);
				outputs.add(o);
			}
			if (probabilitySum != null) NDScope.register(probabilitySum);
			NDArray out = outputs.size() == 1 ? outputs.head() : NDArrays.concat(outputs, 1);
			if (headMean != null) headMean.accept(probabilitySum.get(0).divi(heads));
			return out.transpose(0, 2, 1, 3).reshape(b, t, c);
		});
	}
}
