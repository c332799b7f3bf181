package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.diffncut.safetensors.HalfFloats;
import org.diffncut.safetensors.Halves;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Against a direct double-precision evaluation of softmax(Q_h K_hᵀ/√D + M) V_h, whole and in query blocks. */
class MultiHeadAttentionTest {
	static final int T = 13, S = 11, HEADS = 3, D = 4, C = HEADS * D;

	@Test
	void matchesTheDefinitionInAnyBlocking() {
		Random random = new Random(5);
		float[] q = gaussian(random, T * C), k = gaussian(random, S * C), v = gaussian(random, S * C), m = new float[T * S];
		for (int i = 0; i < T; i++)
			for (int j = 0; j < S; j++) m[i * S + j] = j > i ? Float.NEGATIVE_INFINITY : 0; // causal
		double[][] mean = new double[T][S];
		double[] expected = reference(q, k, v, m, mean);
		float[] expectedMean = new float[T * S];
		for (int i = 0; i < T; i++)
			for (int j = 0; j < S; j++) expectedMean[i * S + j] = (float) mean[i][j];
		try (NDManager manager = NDManager.newBaseManager()) {
			for (long blockBytes : new long[] { MultiHeadAttention.BLOCK_BYTES, 1, 4L * HEADS * S * 5 }) { // whole, 1 row, 5 rows
				Meter meter = new Meter();
				meter.start();
				HeadMeans maps = new HeadMeans(1);
				NDArray out = new MultiHeadAttention(HEADS, meter, blockBytes).attend(manager.create(q, new Shape(1, T, C)),
					manager.create(k, new Shape(1, S, C)), manager.create(v, new Shape(1, S, C)), manager.create(m,
						new Shape(T, S)), maps);
				float[] actual = out.toFloatArray();
				for (int i = 0; i < actual.length; i++)
					assertEquals(expected[i], actual[i], 1e-5, "output " + i);
				assertArrayEquals(expectedMean, maps.map[0], 1e-6f);
				// QKᵀ and PV: 2·T·S·C operations each
				assertEquals(Arithmetic.of(Arithmetic.Kind.ATTENTION, 4L * T * S * C), meter.stop(out).arithmetic());
			}
		}
	}

	/**
	 * A batch of two images whose keys and values are shared (one text embedding for the batch): each image's output
	 * and head mean are those of the image alone, in query blocks of 5 rows.
	 */
	@Test
	void batchesWithSharedKeysAreEachImageAlone() {
		Random random = new Random(7);
		float[] q0 = gaussian(random, T * C), q1 = gaussian(random, T * C), k = gaussian(random, S * C),
			v = gaussian(random, S * C);
		try (NDManager manager = NDManager.newBaseManager()) {
			MultiHeadAttention attention = new MultiHeadAttention(HEADS, new Meter(), 2 * 4L * HEADS * S * 5);
			NDArray keys = manager.create(k, new Shape(1, S, C)), values = manager.create(v, new Shape(1, S, C));
			HeadMeans both = new HeadMeans(2);
			float[] batch = attention.attend(manager.create(q0, new Shape(1, T, C)).concat(manager.create(q1,
				new Shape(1, T, C))), keys, values, null, both).toFloatArray();
			float[][] qs = { q0, q1 };
			for (int image = 0; image < 2; image++) {
				HeadMeans alone = new HeadMeans(1);
				float[] single = attention.attend(manager.create(qs[image], new Shape(1, T, C)), keys, values, null, alone)
					.toFloatArray();
				assertArrayEquals(single, Arrays.copyOfRange(batch, image * T * C, (image + 1) * T * C), 1e-6f);
				assertArrayEquals(alone.map[0], both.map[image], 1e-7f);
			}
		}
	}

	/** Collects each image's head mean from its row blocks. */
	private static final class HeadMeans implements MultiHeadAttention.HeadMeans {
		final float[][] map;

		HeadMeans(int images) {
			map = new float[images][T * S];
		}

		@Override
		public void accept(int image, int firstQuery, NDArray rows) {
			float[] r = rows.toFloatArray();
			System.arraycopy(r, 0, map[image], firstQuery * S, r.length);
		}
	}

	/**
	 * float16 storage (the GPU path): with logits near 10^5, beyond float16's 65504, the scores must still be computed
	 * in float32. Reference: the definition evaluated on the float16-rounded inputs.
	 */
	@Test
	void float16InputsKeepFloat32Scores() {
		Random random = new Random(6);
		float[] q = gaussian(random, T * C), k = gaussian(random, S * C), v = gaussian(random, S * C);
		for (int i = 0; i < q.length; i++) q[i] = rounded(q[i] * 300);
		for (int i = 0; i < k.length; i++) k[i] = rounded(k[i] * 100);
		for (int i = 0; i < v.length; i++) v[i] = rounded(v[i]);
		double[][] mean = new double[T][S];
		double[] expected = reference(q, k, v, new float[T * S], mean);
		try (NDManager manager = NDManager.newBaseManager()) {
			HeadMeans maps = new HeadMeans(1);
			NDArray out = new MultiHeadAttention(HEADS, new Meter()).attend(half(manager, q, T), half(manager, k, S),
				half(manager, v, S), null, maps);
			float[][] map = maps.map;
			assertEquals(DataType.FLOAT16, out.getDataType());
			float[] actual = out.toType(DataType.FLOAT32, false).toFloatArray();
			for (int i = 0; i < actual.length; i++) assertEquals(expected[i], actual[i], 1e-2, "output " + i);
			for (int i = 0; i < T; i++)
				for (int j = 0; j < S; j++) assertEquals(mean[i][j], map[0][i * S + j], 1e-3, "mean " + i + "," + j);
		}
	}

	private static float rounded(float x) {
		return HalfFloats.halfToFloat(Halves.of(x));
	}

	private static NDArray half(NDManager manager, float[] x, int tokens) {
		return manager.create(x, new Shape(1, tokens, C)).toType(DataType.FLOAT16, false);
	}

	/** out[t, h·D + e] = Σ_s p_h[t, s] v[s, h·D + e]; mean[t][s] = Σ_h p_h[t, s] / H. */
	private static double[] reference(float[] q, float[] k, float[] v, float[] m, double[][] mean) {
		double[] out = new double[T * C];
		for (int h = 0; h < HEADS; h++)
			for (int t = 0; t < T; t++) {
				double[] score = new double[S];
				double max = Double.NEGATIVE_INFINITY, sum = 0;
				for (int s = 0; s < S; s++) {
					double dot = 0;
					for (int e = 0; e < D; e++) dot += (double) q[t * C + h * D + e] * k[s * C + h * D + e];
					score[s] = dot / Math.sqrt(D) + m[t * S + s];
					max = Math.max(max, score[s]);
				}
				for (int s = 0; s < S; s++) sum += score[s] = Math.exp(score[s] - max);
				for (int s = 0; s < S; s++) {
					double p = score[s] / sum;
					mean[t][s] += p / HEADS;
					for (int e = 0; e < D; e++) out[t * C + h * D + e] += p * v[s * C + h * D + e];
				}
			}
		return out;
	}

	private static float[] gaussian(Random random, int n) {
		float[] x = new float[n];
		for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
		return x;
	}
}
