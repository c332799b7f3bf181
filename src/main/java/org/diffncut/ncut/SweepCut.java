package org.diffncut.ncut;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Threshold choice along a Fiedler vector y (Shi & Malik 2000, section 3.1.3). Sorting the nodes by y, the
 * prefix S_k of the first k nodes gives the split (S_k, V∖S_k). With assoc(S_k, V) a prefix sum of degrees and
 * cut(S_k) = cut(S_{k−1}) + d_v − w_vv − 2 Σ_{i∈S_{k−1}} w_vi when node v joins, every one of the n − 1 NCut
 * values costs O(k): O(n²) in all, the cost of one mat-vec. For W = F Fᵀ (see {@link org.diffncut.graph.Factor}) the prefix sum
 * r = Σ_{i∈S_{k−1}} F_i gives Σ_{i∈S_{k−1}} w_vi = F_v · r, so the sweep costs O(nc) and never needs W.
 */
public final class SweepCut {
	/** How many split points are tried. */
	public enum Mode {
		/** Every prefix of the sorted Fiedler vector (exact best threshold). */
		EXACT,
		/**
		 * Evenly spaced thresholds t in linspace(min y, max y, m, endpoint = false), A = {y ≤ t}: DiffCut's and
		 * scikit-image's way, kept for comparison.
		 */
		EVEN;

		/** "exact" or "even", any case. */
		public static Mode parse(String name) {
			switch (name.trim().toLowerCase(Locale.ROOT)) {
				case "exact": return EXACT;
				case "even": return EVEN;
				default: throw new IllegalArgumentException("unknown sweep '" + name + "': use exact or even");
			}
		}
	}

	private SweepCut() {}

	/**
	 * Node indices sorted by y ({@link Double#compare}), ties by index: a bottom-up merge sort of the indices, stable
	 * from the identity, on primitives. In a fresh JVM it sorted the 19 Fiedler vectors of a 64×64 cut in a third
	 * of the time that a stream of boxed indices took.
	 */
	public static int[] order(double[] y) {
		int n = y.length;
		int[] a = new int[n], b = new int[n];
		for (int i = 0; i < n; i++) a[i] = i;
		for (int width = 1; width < n; width *= 2) {
			for (int lo = 0; lo < n; lo += 2 * width)
				merge(y, a, b, lo, Math.min(lo + width, n), Math.min(lo + 2 * width, n));
			int[] t = a;
			a = b;
			b = t;
		}
		return a;
	}

	/**
	 * The sorted runs a[lo..mid) and a[mid..hi) merged into b[lo..hi): a method of its own, called thousands of
	 * times a sort, so that the JIT compiles it once, rather than the sort's nested loops several times over.
	 */
	private static void merge(double[] y, int[] a, int[] b, int lo, int mid, int hi) {
		int i = lo, j = mid, k = lo;
		while (i < mid && j < hi) b[k++] = Double.compare(y[a[j]], y[a[i]]) < 0 ? a[j++] : a[i++];
		while (i < mid) b[k++] = a[i++];
		while (j < hi) b[k++] = a[j++];
	}

	/**
	 * cut(S_k, V∖S_k) for k = 1..n−1 along {@code order}, in {@code cuts[k]} ({@code cuts[0]} and {@code cuts[n]}
	 * are 0).
	 *
	 * @param w symmetric n×n weights, row-major, with row sums {@code degrees}
	 */
	public static double[] cuts(float[] w, int n, double[] degrees, int[] order) {
		double[] cuts = new double[n + 1];
		for (int k = 1; k < n; k++) {
			int v = order[k - 1], row = v * n;
			double toPrefix = 0;
			for (int i = 0; i < k - 1; i++) toPrefix += w[row + order[i]];
			cuts[k] = cuts[k - 1] + degrees[v] - w[row + v] - 2 * toPrefix;
		}
		return cuts;
	}

	/**
	 * As {@link #cuts(float[], int, double[], int[])} for W_SS = F_S F_Sᵀ, the rows {@code members} of F. The
	 * columns are shared out among the common fork-join pool: each part keeps the prefix sum of its columns and its
	 * share of every F_v · r, so one sweep reads F_S once, in parallel.
	 *
	 * @param f F, row-major with c columns
	 * @param members the row of F of each node
	 * @param selfWeights w_vv = ‖F_v‖², by node
	 */
	static double[] cuts(float[] f, int c, int[] members, double[] selfWeights, double[] degrees, int[] order) {
		int n = order.length, parts = Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, c / 256));
		double[][] toPrefix = new double[parts][];
		IntStream.range(0, parts).parallel().forEach(p -> {
			int from = (int) ((long) c * p / parts), to = (int) ((long) c * (p + 1) / parts), width = to - from;
			double[] prefix = new double[width], t = new double[n];
			for (int k = 1; k < n; k++) t[k] = dotThenAdd(f, members[order[k - 1]] * c + from, prefix, width);
			toPrefix[p] = t;
		});
		double[] cuts = new double[n + 1];
		for (int k = 1; k < n; k++) {
			int v = order[k - 1];
			double t = 0;
			for (double[] part : toPrefix) t += part[k];
			cuts[k] = cuts[k - 1] + degrees[v] - selfWeights[v] - 2 * t;
		}
		return cuts;
	}

	/**
	 * F_v · r, then r += F_v, for the {@code width} entries of F_v from {@code offset}: one step of the sweep, in a
	 * method of its own so that the JIT compiles it whole (called once a node) rather than the sweep's loop.
	 */
	private static double dotThenAdd(float[] f, int offset, double[] prefix, int width) {
		double t0 = 0, t1 = 0, t2 = 0, t3 = 0; // four chains, so the adds pipeline
		int j = 0;
		for (; j + 3 < width; j += 4) {
			float f0 = f[offset + j], f1 = f[offset + j + 1], f2 = f[offset + j + 2], f3 = f[offset + j + 3];
			t0 += f0 * prefix[j];
			t1 += f1 * prefix[j + 1];
			t2 += f2 * prefix[j + 2];
			t3 += f3 * prefix[j + 3];
			prefix[j] += f0;
			prefix[j + 1] += f1;
			prefix[j + 2] += f2;
			prefix[j + 3] += f3;
		}
		for (; j < width; j++) {
			t0 += f[offset + j] * prefix[j];
			prefix[j] += f[offset + j];
		}
		return (t0 + t1) + (t2 + t3);
	}

	/** NCut of every prefix split: {@code ncut[k]} for k = 1..n−1, NaN elsewhere. */
	public static double[] ncuts(double[] cuts, double[] degrees, int[] order) {
		int n = order.length;
		double volume = 0;
		for (double d : degrees) volume += d;
		double[] ncut = new double[n + 1];
		Arrays.fill(ncut, Double.NaN);
		double assoc = 0;
		for (int k = 1; k < n; k++) {
			assoc += degrees[order[k - 1]];
			ncut[k] = cuts[k] / assoc + cuts[k] / (volume - assoc);
		}
		return ncut;
	}

	/**
	 * The split of lowest NCut with both parts of at least {@code minSize} nodes (ties: the smallest |A|), or null
	 * if no split qualifies.
	 *
	 * @param w symmetric n×n weights with row sums {@code degrees}
	 * @param y the Fiedler vector
	 * @param thresholds m, for {@link Mode#EVEN} only
	 */
	public static Split best(float[] w, int n, double[] degrees, double[] y, int minSize, Mode mode, int thresholds) {
		return best(order -> cuts(w, n, degrees, order), degrees, y, minSize, mode, thresholds);
	}

	/** As above, with {@code cuts} giving cut(S_k) along an order (see {@link #cuts(float[], int, double[], int[])}). */
	static Split best(Function<int[], double[]> cuts, double[] degrees, double[] y, int minSize,
		Mode mode, int thresholds)
	{
		int n = degrees.length;
		if (n < 2 * Math.max(1, minSize)) return null;
		int[] order = order(y);
		double[] cut = cuts.apply(order);
		double[] ncut = ncuts(cut, degrees, order);
		int best = -1;
		for (int k : candidates(y, order, mode, thresholds))
			if (k >= minSize && n - k >= minSize && (best < 0 || ncut[k] < ncut[best])) best = k;
		if (best < 0) return null;
		double threshold = 0.5 * (y[order[best - 1]] + y[order[best]]);
		return new Split(order, best, ncut[best], cut[best], threshold);
	}

	private static int[] candidates(double[] y, int[] order, Mode mode, int thresholds) {
		int n = order.length;
		if (mode == Mode.EXACT) return IntStream.range(1, n).toArray();
		if (thresholds < 1) throw new IllegalArgumentException("need at least one threshold, got " + thresholds);
		double min = y[order[0]], max = y[order[n - 1]];
		int[] ks = new int[thresholds];
		for (int t = 0, k = 0; t < thresholds; t++) {
			double threshold = min + (max - min) * t / thresholds;
			while (k < n && y[order[k]] <= threshold) k++;
			ks[t] = k; // |{y ≤ t}|; 0 or n never qualifies
		}
		return ks;
	}
}
