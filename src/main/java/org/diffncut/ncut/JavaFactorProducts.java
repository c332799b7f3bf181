package org.diffncut.ncut;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * {@link FactorProducts} in plain Java, rows spread over the common fork-join pool. The Gram operator reads each
 * row once: its dot with x and its multiple added to y come from the same cached row, so a Lanczos step costs
 * one pass over F_S. That pass runs in float (eight accumulators for the dot, vectorised adds into a float block
 * flushed to double every {@link #FLUSH} rows), like the float32 products on a device; the other products, which
 * feed degrees and the Fiedler vector, accumulate in double.
 */
public final class JavaFactorProducts implements FactorProducts {
	/** Rows added in float before the block is flushed into the double result. */
	private static final int FLUSH = 32;
	/** Fewest rows worth a parallel task. */
	private static final int MIN_ROWS = 64;

	private final float[] f;
	private final int s, c, parts;
	private final double[][] partials;
	private final float[] xf;

	public JavaFactorProducts(float[] rows, int s, int c) {
		if ((long) s * c != rows.length) throw new IllegalArgumentException(rows.length + " entries for " + s + "x" + c);
		this.f = rows;
		this.s = s;
		this.c = c;
		this.parts = Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, s / MIN_ROWS));
		this.partials = new double[parts][c];
		this.xf = new float[c];
	}

	@Override
	public int rows() {
		return s;
	}

	@Override
	public int columns() {
		return c;
	}

	@Override
	public void multiply(double[] x, double[] y) {
		forParts(p -> {
			for (int i = from(p), end = from(p + 1); i < end; i++) y[i] = DenseMatVec.dot(f, i * c, x, c);
		});
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		forParts(p -> {
			double[] acc = partials[p];
			Arrays.fill(acc, 0);
			for (int i = from(p), end = from(p + 1); i < end; i++) {
				double xi = x[i];
				for (int j = 0, o = i * c; j < c; j++) acc[j] += xi * f[o + j];
			}
		});
		sumParts(y);
	}

	@Override
	public void gram(double[] r, double[] x, double[] y) {
		for (int j = 0; j < c; j++) xf[j] = (float) x[j];
		forParts(p -> {
			double[] acc = partials[p];
			Arrays.fill(acc, 0);
			float[] block = new float[c];
			for (int i = from(p), end = from(p + 1); i < end; i++) {
				int o = i * c;
				float u = (float) (r[i] * dot(f, o, xf, c));
				for (int j = 0; j < c; j++) block[j] += u * f[o + j];
				if ((i + 1 - from(p)) % FLUSH == 0 || i + 1 == end) {
					for (int j = 0; j < c; j++) acc[j] += block[j];
					Arrays.fill(block, 0f);
				}
			}
		});
		sumParts(y);
	}

	private int from(int part) {
		return (int) ((long) s * part / parts);
	}

	private void forParts(java.util.function.IntConsumer part) {
		if (parts == 1) part.accept(0);
		else IntStream.range(0, parts).parallel().forEach(part);
	}

	private void sumParts(double[] y) {
		System.arraycopy(partials[0], 0, y, 0, c);
		for (int p = 1; p < parts; p++)
			for (int j = 0; j < c; j++) y[j] += partials[p][j];
	}

	/** Σ_j a[offset + j] x[j] in float with eight accumulators, so the adds pipeline. */
	private static float dot(float[] a, int offset, float[] x, int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		int j = 0;
		for (; j + 7 < n; j += 8) {
			s0 += a[offset + j] * x[j];
			s1 += a[offset + j + 1] * x[j + 1];
			s2 += a[offset + j + 2] * x[j + 2];
			s3 += a[offset + j + 3] * x[j + 3];
			s4 += a[offset + j + 4] * x[j + 4];
			s5 += a[offset + j + 5] * x[j + 5];
			s6 += a[offset + j + 6] * x[j + 6];
			s7 += a[offset + j + 7] * x[j + 7];
		}
		for (; j < n; j++) s0 += a[offset + j] * x[j];
		return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
	}
}
