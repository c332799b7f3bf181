package org.diffncut.graph;

/**
 * Dot products of {@link #ROWS} rows of a row-major float matrix with one vector, in plain Java: the kernel of the
 * CPU's dot products of rows (the cut's F x and Gram passes, the segment scores).
 * <p>
 * HotSpot's C2 does not vectorise a float or double reduction (the sum must keep its order), so a dot product runs
 * at one add per cycle at best. Eight rows at a time keep eight independent adds in flight (a 4-cycle add latency
 * with two adders needs eight) and load each element of x once for all of them. With it bench-ncut's recursion took
 * 0.43–0.46 reference products, against 0.44–0.56 with four rows of two accumulators (AMD EPYC, Java 17).
 */
public final class RowDots {
	/** Rows of one call. */
	public static final int ROWS = 8;

	private RowDots() {}

	/**
	 * The offsets in f (rows of c entries) of rows {@code first}.. into {@code o}: at most {@link #ROWS}, none from
	 * {@code end} on. Missing rows repeat the last one, so that one kernel serves every call. Returns how many rows
	 * are real.
	 *
	 * @param index the row of f of each row; null for rows in order
	 */
	public static int offsets(int[] index, int first, int end, int c, int[] o) {
		int rows = Math.min(ROWS, end - first);
		for (int q = 0; q < ROWS; q++) {
			int row = first + Math.min(q, rows - 1);
			o[q] = (index == null ? row : index[row]) * c;
		}
		return rows;
	}

	/** d[q] = Σ_j f[o[q] + j] x[j], j &lt; n, for the {@link #ROWS} offsets {@code o}, summed in float. */
	public static void dots(float[] f, int[] o, float[] x, int n, float[] d) {
		int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6], o7 = o[7];
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		for (int j = 0; j < n; j++) {
			float xj = x[j];
			s0 += f[o0 + j] * xj;
			s1 += f[o1 + j] * xj;
			s2 += f[o2 + j] * xj;
			s3 += f[o3 + j] * xj;
			s4 += f[o4 + j] * xj;
			s5 += f[o5 + j] * xj;
			s6 += f[o6 + j] * xj;
			s7 += f[o7 + j] * xj;
		}
		d[0] = s0;
		d[1] = s1;
		d[2] = s2;
		d[3] = s3;
		d[4] = s4;
		d[5] = s5;
		d[6] = s6;
		d[7] = s7;
	}

	/**
	 * As {@link #dots(float[], int[], float[], int, float[])}, summed in double (a twin rather than one generic
	 * kernel: Java has no generics over float and double).
	 */
	public static void dots(float[] f, int[] o, double[] x, int n, double[] d) {
		int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6], o7 = o[7];
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		for (int j = 0; j < n; j++) {
			double xj = x[j];
			s0 += f[o0 + j] * xj;
			s1 += f[o1 + j] * xj;
			s2 += f[o2 + j] * xj;
			s3 += f[o3 + j] * xj;
			s4 += f[o4 + j] * xj;
			s5 += f[o5 + j] * xj;
			s6 += f[o6 + j] * xj;
			s7 += f[o7 + j] * xj;
		}
		d[0] = s0;
		d[1] = s1;
		d[2] = s2;
		d[3] = s3;
		d[4] = s4;
		d[5] = s5;
		d[6] = s6;
		d[7] = s7;
	}
}
