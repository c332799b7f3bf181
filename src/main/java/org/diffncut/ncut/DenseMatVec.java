package org.diffncut.ncut;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * {@link MatVec} over a row-major float array, in plain Java. Products accumulate in double; rows (or, for the
 * transpose, column blocks) are spread over the common fork-join pool when the matrix is large enough to pay
 * for it.
 */
public final class DenseMatVec implements MatVec {
	/** Rows per parallel task; below two tasks the product runs on the calling thread. */
	private static final int BLOCK = 256;

	private final float[] w;
	private final int n;

	public DenseMatVec(float[] matrix, int n) {
		if ((long) n * n != matrix.length) throw new IllegalArgumentException(matrix.length + " entries for n = " + n);
		this.w = matrix;
		this.n = n;
	}

	@Override
	public int size() {
		return n;
	}

	@Override
	public void multiply(double[] x, double[] y) {
		forBlocks(b -> {
			for (int i = b * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) y[i] = dot(w, i * n, x, n);
		});
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		forBlocks(b -> {
			int from = b * BLOCK, to = Math.min(n, from + BLOCK);
			Arrays.fill(y, from, to, 0);
			for (int i = 0; i < n; i++) {
				double xi = x[i];
				int row = i * n;
				for (int j = from; j < to; j++) y[j] += w[row + j] * xi;
			}
		});
	}

	private void forBlocks(IntConsumer block) {
		int blocks = (n + BLOCK - 1) / BLOCK;
		if (blocks < 2) block.accept(0);
		else IntStream.range(0, blocks).parallel().forEach(block);
	}

	/** Σ_j a[offset + j] x[j] with four accumulators, so the adds pipeline. */
	private static double dot(float[] a, int offset, double[] x, int n) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int j = 0;
		for (; j + 3 < n; j += 4) {
			s0 += a[offset + j] * x[j];
			s1 += a[offset + j + 1] * x[j + 1];
			s2 += a[offset + j + 2] * x[j + 2];
			s3 += a[offset + j + 3] * x[j + 3];
		}
		for (; j < n; j++) s0 += a[offset + j] * x[j];
		return (s0 + s1) + (s2 + s3);
	}
}
