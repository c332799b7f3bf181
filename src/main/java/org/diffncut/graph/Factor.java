package org.diffncut.graph;

import java.util.stream.IntStream;

/**
 * Symmetric weights given by a factor, W = F Fᵀ, with F an n×c non-negative row-major matrix of rows F_i, so that
 * W_ij = F_i · F_j. The dot graph A = Pᵏ(Pᵏ)ᵀ has F = Pᵏ, the cosine graph F = the L2-normalised rows of Pᵏ
 * (scaled). The cut never forms W: a mat-vec is F (Fᵀ x), two O(nc) products instead of the O(n²c) Gram matrix,
 * and a sub-graph is the row subset F_S, since W_SS = F_S F_Sᵀ at every depth (on the host read in place, never
 * copied).
 * <p>
 * Edges: W_ij &gt; 0 exactly when the supports of F_i and F_j meet (F ≥ 0), so m is counted on support bitsets,
 * not on weights. Attention rows are dense, which the count sees at once.
 */
public final class Factor {
	private final float[] f;
	private final int n, c;
	private final double[] selfWeights;
	private long[] supports;

	/** Wraps {@code f} (n×c, row-major, non-negative; shared, not copied: do not modify). */
	public Factor(float[] f, int n, int c) {
		if ((long) n * c != f.length) throw new IllegalArgumentException(f.length + " entries for " + n + "x" + c);
		this.f = f;
		this.n = n;
		this.c = c;
		this.selfWeights = new double[n];
		IntStream.range(0, n).parallel().forEach(i -> {
			double s0 = 0, s1 = 0; // two chains, so the adds pipeline
			int j = 0, o = i * c;
			for (; j + 1 < c; j += 2) {
				s0 += (double) f[o + j] * f[o + j];
				s1 += (double) f[o + j + 1] * f[o + j + 1];
			}
			if (j < c) s0 += (double) f[o + j] * f[o + j];
			selfWeights[i] = s0 + s1;
		});
	}

	/** n, the nodes. */
	public int size() {
		return n;
	}

	/** c, the length of a row. */
	public int columns() {
		return c;
	}

	/** F, n×c row-major (shared: do not modify). */
	public float[] data() {
		return f;
	}

	/** W_ii = ‖F_i‖², the self-loop of node i. */
	public double selfWeight(int i) {
		return selfWeights[i];
	}

	/**
	 * m of the sub-graph on {@code members}: unordered pairs {i, j}, i ≠ j, whose supports meet. When one column is
	 * in every member's support (any dense row set), that is every pair: the first 64 columns are tried on F itself,
	 * O(s) for dense rows, before the support bitsets are built (once, O(n·c)), which find such a column in
	 * O(s·c/64); otherwise the pairs are tested one by one, each stopping at the first shared word.
	 */
	public long edges(int[] members) {
		int words = (c + 63) >>> 6, s = members.length;
		for (int j = 0; j < Math.min(c, 64); j++) {
			int a = 0;
			while (a < s && f[members[a] * c + j] > 0) a++;
			if (a == s) return (long) s * (s - 1) / 2;
		}
		long[] bits = supports();
		for (int w = 0; w < words; w++) {
			long common = -1L;
			for (int a = 0; a < s && common != 0; a++) common &= bits[members[a] * words + w];
			if (common != 0) return (long) s * (s - 1) / 2;
		}
		long edges = 0;
		for (int a = 0; a < s; a++)
			for (int b = a + 1, oa = members[a] * words; b < s; b++)
				for (int w = 0, ob = members[b] * words; w < words; w++)
					if ((bits[oa + w] & bits[ob + w]) != 0) {
						edges++;
						break;
					}
		return edges;
	}

	private long[] supports() {
		if (supports == null) {
			int words = (c + 63) >>> 6;
			long[] bits = new long[n * words];
			for (int i = 0; i < n; i++)
				for (int j = 0, o = i * c; j < c; j++)
					if (f[o + j] > 0) bits[i * words + (j >>> 6)] |= 1L << j;
			supports = bits;
		}
		return supports;
	}
}
