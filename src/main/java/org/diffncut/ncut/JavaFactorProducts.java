package org.diffncut.ncut;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.diffncut.graph.RowDots;

/**
 * {@link FactorProducts} in plain Java, rows spread over the common fork-join pool. A {@link #rows} view reads the
 * rows of the whole factor in place, through their indices.
 * <p>
 * The kernels are shaped for HotSpot's C2, which vectorises a loop only when every array in it is indexed alike: a
 * row is added to an accumulator after a copy into a row buffer ({@code System.arraycopy}), so that the add
 * vectorises; dot products cannot vectorise (a float reduction must keep its order) and run eight rows at a time
 * ({@link RowDots}). Sums of rows run in float, flushed into double every {@link #FLUSH} rows, since a mixed
 * float/double loop does not vectorise either. The Gram operator reads each row once (its dot with x and its
 * multiple added to y come from the same cached row), so a Lanczos step costs one pass over F_S, in float like the
 * float32 products on a device; F x and Fᵀ x, which feed degrees and the Fiedler vector, accumulate in double (the
 * degrees enter every cut value, which is a small difference of them).
 */
public final class JavaFactorProducts implements FactorProducts {
	/** Rows added in float before the sum is flushed into double. */
	private static final int FLUSH = 32;
	private static final int ROWS = RowDots.ROWS;
	/** Fewest rows worth a parallel task. */
	private static final int MIN_ROWS = 64;

	private final float[] f;
	private final int c;
	/** Row of f of each of this view's rows. */
	private final int[] index;
	private final int parts;
	private final double[][] partials;
	private final float[] xf;

	/** The products of the n×c row-major {@code f} (shared, not copied: do not modify). */
	public JavaFactorProducts(float[] f, int n, int c) {
		this(f, c, identity(n));
		if ((long) n * c != f.length) throw new IllegalArgumentException(f.length + " entries for " + n + "x" + c);
	}

	private JavaFactorProducts(float[] f, int c, int[] index) {
		this.f = f;
		this.c = c;
		this.index = index;
		this.parts = Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, index.length / MIN_ROWS));
		this.partials = new double[parts][c];
		this.xf = new float[c];
	}

	private static int[] identity(int n) {
		int[] index = new int[n];
		Arrays.setAll(index, i -> i);
		return index;
	}

	@Override
	public int rows() {
		return index.length;
	}

	@Override
	public int columns() {
		return c;
	}

	@Override
	public FactorProducts rows(int[] members) {
		int[] view = new int[members.length];
		for (int a = 0; a < members.length; a++) view[a] = index[members[a]];
		return new JavaFactorProducts(f, c, view);
	}

	@Override
	public void multiply(double[] x, double[] y) {
		forParts(p -> {
			int[] o = new int[ROWS];
			double[] d = new double[ROWS];
			for (int a = from(p), end = from(p + 1); a < end; a += ROWS) {
				int rows = RowDots.offsets(index, a, end, c, o);
				RowDots.dots(f, o, x, c, d);
				System.arraycopy(d, 0, y, a, rows);
			}
		});
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		forParts(p -> {
			double[] acc = partials[p];
			Arrays.fill(acc, 0);
			int a = from(p), end = from(p + 1);
			for (; a + 3 < end; a += 4)
				add(f, offset(a), offset(a + 1), offset(a + 2), offset(a + 3), x[a], x[a + 1], x[a + 2], x[a + 3], acc, c);
			for (; a < end; a++) add(f, offset(a), offset(a), offset(a), offset(a), x[a], 0, 0, 0, acc, c);
		});
		sumParts(y);
	}

	@Override
	public void gram(double[] r, double[] x, double[] y) {
		for (int j = 0; j < c; j++) xf[j] = (float) x[j];
		forParts(p -> {
			RowSum sum = new RowSum(partials[p], c);
			int[] o = new int[ROWS];
			float[] d = new float[ROWS];
			for (int a = from(p), end = from(p + 1); a < end; a += ROWS) gramRows(r, a, end, o, d, sum);
			sum.flush();
		});
		sumParts(y);
	}

	/**
	 * The Gram pass over up to {@link #ROWS} rows from {@code first}: a method of its own, called hundreds of times a
	 * pass, so that a fresh JVM compiles it once rather than the pass's loop both on the stack and whole.
	 */
	private void gramRows(double[] r, int first, int end, int[] o, float[] d, RowSum sum) {
		int rows = RowDots.offsets(index, first, end, c, o);
		RowDots.dots(f, o, xf, c, d);
		for (int q = 0; q < rows; q++) sum.add((float) (r[first + q] * d[q]), f, o[q]);
	}

	private int offset(int row) {
		return index[row] * c;
	}

	/** First row of a part. */
	private int from(int part) {
		return (int) ((long) index.length * part / parts);
	}

	private void forParts(IntConsumer part) {
		if (parts == 1) part.accept(0);
		else IntStream.range(0, parts).parallel().forEach(part);
	}

	private void sumParts(double[] y) {
		System.arraycopy(partials[0], 0, y, 0, c);
		for (int p = 1; p < parts; p++)
			for (int j = 0; j < c; j++) y[j] += partials[p][j];
	}

	/** Σ u_i F_i over rows, in float blocks of {@link #FLUSH} rows added into a double sum (zeroed first). */
	private static final class RowSum {
		private final double[] total;
		private final float[] block, row;
		private final int c;
		private int pending;

		RowSum(double[] total, int c) {
			this.total = total;
			this.c = c;
			this.block = new float[c];
			this.row = new float[c];
			Arrays.fill(total, 0);
		}

		void add(float u, float[] f, int offset) {
			System.arraycopy(f, offset, row, 0, c); // the copy makes the add below vectorise (indexed alike)
			for (int j = 0; j < c; j++) block[j] += u * row[j];
			if (++pending == FLUSH) flush();
		}

		void flush() {
			for (int j = 0; j < c; j++) total[j] += block[j];
			Arrays.fill(block, 0f);
			pending = 0;
		}
	}

	/**
	 * acc += Σ_q x_q F_q over four rows in double (one row: the other weights 0). Four, not {@link #ROWS}: this loop
	 * mixes float and double and does not vectorise, and eight rows made Fᵀx about 20% slower (AMD EPYC, Java 17).
	 */
	private static void add(float[] f, int o0, int o1, int o2, int o3, double x0, double x1, double x2, double x3,
		double[] acc, int n)
	{
		for (int j = 0; j < n; j++) acc[j] += (x0 * f[o0 + j] + x1 * f[o1 + j]) + (x2 * f[o2 + j] + x3 * f[o3 + j]);
	}
}
