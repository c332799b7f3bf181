package org.diffncut.ncut;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.function.BooleanSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.Factor;
import org.diffncut.graph.GraphKind;

/**
 * Recursive two-way normalised cut (Shi &amp; Malik 2000, section 3.1): split a graph along the best threshold of
 * its Fiedler vector, then split both parts again, until the stopping rule keeps a part whole.
 * <p>
 * A symmetric graph is restricted to each part as it stands. A random walk P is restricted and its rows
 * renormalised; its split is scored on the stationary flow F = diag(π) P symmetrised, (F + Fᵀ)/2, whose NCut
 * equals P(A→B | A) + P(B→A | B) (Meilă &amp; Shi 2001), the walk's own reading of the normalised cut.
 * <p>
 * The MAN-C bound nT/(2m) is not scale-free, so all graphs meet it in the walk's units, mean degree about 1:
 * P has it by construction, Pᵏ(Pᵏ)ᵀ has it when P's columns sum to 1 (and is used as is), the cosine graph is
 * scaled to it in {@link AffinityGraph}, and the walk's flow is scaled by n.
 */
public final class NormalizedCut {
	/** Guard against runaway depth on degenerate graphs; far beyond any real tree over 4096 cells. */
	public static final int DEFAULT_MAX_DEPTH = 32;

	private final StoppingRule rule;
	private final int minSize, maxDepth, thresholds;
	private final SweepCut.Mode sweep;
	private final FiedlerSolver solver;
	private final MatVec.Factory operators;
	private final FactorProducts.Factory products;

	private NormalizedCut(Builder b) {
		this.rule = b.rule;
		this.minSize = b.minSize;
		this.maxDepth = b.maxDepth;
		this.sweep = b.sweep;
		this.thresholds = b.thresholds;
		this.solver = b.solver;
		this.operators = b.operators;
		this.products = b.products;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Options; everything has a default: MAN-C with NCut, min size 1, exact sweep, CPU operators. */
	public static final class Builder {
		private StoppingRule rule = StoppingRule.MANC_NCUT;
		private int minSize = 1, maxDepth = DEFAULT_MAX_DEPTH, thresholds = 100;
		private SweepCut.Mode sweep = SweepCut.Mode.EXACT;
		private FiedlerSolver solver = new IterativeFiedlerSolver();
		private MatVec.Factory operators = DenseMatVec::new;
		private FactorProducts.Factory products = JavaFactorProducts::new;

		/** The rule the tree is grown with. */
		public Builder stoppingRule(StoppingRule rule) {
			this.rule = rule;
			return this;
		}

		/** Smallest part a split may leave, in grid cells (default 1). */
		public Builder minSize(int minSize) {
			if (minSize < 1) throw new IllegalArgumentException("minimum segment size must be ≥ 1, got " + minSize);
			this.minSize = minSize;
			return this;
		}

		/**
		 * Deepest node that may still be split: the root has depth 0 and each split adds 1 to its children's, so a
		 * tree has at most 2^maxDepth leaves; 0 keeps the root whole (default {@value NormalizedCut#DEFAULT_MAX_DEPTH}). A node at
		 * this depth becomes a leaf without a split, as one smaller than twice {@link #minSize} does; no re-cut of the
		 * tree can split it.
		 */
		public Builder maxDepth(int maxDepth) {
			if (maxDepth < 0) throw new IllegalArgumentException("maximum depth must be ≥ 0, got " + maxDepth);
			this.maxDepth = maxDepth;
			return this;
		}

		/** Exact sweep over every split point, or m evenly spaced thresholds. */
		public Builder sweep(SweepCut.Mode sweep, int thresholds) {
			this.sweep = sweep;
			this.thresholds = thresholds;
			return this;
		}

		/**
		 * How each sub-graph's Fiedler vector is computed (default {@link IterativeFiedlerSolver}, which sees the
		 * graph only through {@link #operators}). A solver that needs the weights themselves must get them from the
		 * operators it is paired with: {@link DenseFiedlerSolver} is also a {@link MatVec.Factory} and reads W from
		 * the matrices it hands out, so use it as both, {@code solver(dense).operators(dense)}; with other operators
		 * it would decompose a stale or absent matrix.
		 */
		public Builder solver(FiedlerSolver solver) {
			this.solver = solver;
			return this;
		}

		/** Where mat-vecs run: {@code DenseMatVec::new} (default) or {@link DjlMatVec#on}. */
		public Builder operators(MatVec.Factory operators) {
			this.operators = operators;
			return this;
		}

		/**
		 * Where the factored graphs' products run: {@code JavaFactorProducts::new} (default, no native engine) or
		 * {@link DjlFactorProducts#on}. The whole factor's products are made once per tree; sub-graphs are row views.
		 */
		public Builder products(FactorProducts.Factory products) {
			this.products = products;
			return this;
		}

		public NormalizedCut build() {
			return new NormalizedCut(this);
		}
	}

	/**
	 * Grows the split tree of {@code graph}: through its {@link Factor} when it has one (the dot and cosine graphs,
	 * never forming A), else through its dense weights.
	 */
	public SplitTree grow(AffinityGraph graph, Progress progress, BooleanSupplier canceled) {
		Factor factor = graph.factor();
		if (factor == null) return grow(graph.weights(), graph.size(), graph.kind(), progress, canceled);
		try (FactorProducts whole = products.create(factor.data(), factor.size(), factor.columns())) {
			return grow(factor.size(), (members, depth) -> examine(factor, whole, members, depth), progress, canceled);
		}
	}

	/**
	 * Grows the split tree of the n×n {@code weights} (symmetric and non-negative, or row-stochastic for
	 * {@link GraphKind#WALK}).
	 */
	public SplitTree grow(float[] weights, int n, GraphKind kind, Progress progress, BooleanSupplier canceled) {
		if ((long) n * n != weights.length) throw new IllegalArgumentException(weights.length + " weights for " + n + " nodes");
		return grow(n, (members, depth) -> examine(weights, n, kind, members, depth), progress, canceled);
	}

	/** Finds the best split of the sub-graph on some members (global indices, ascending) at some depth. */
	@FunctionalInterface
	private interface Examiner {
		Candidate examine(int[] members, int depth);
	}

	private SplitTree grow(int n, Examiner examiner, Progress progress, BooleanSupplier canceled) {
		int[] all = new int[n];
		Arrays.setAll(all, i -> i);
		Deque<Candidate> work = new ArrayDeque<>();
		Candidate root = examiner.examine(all, 0);
		work.push(root);
		int settled = 0;
		while (!work.isEmpty()) {
			Cancel.check(canceled, "normalised cut");
			Candidate c = work.pop();
			if (c.first == null || rule.stop(c.node.statistics())) {
				settled += c.node.size();
				progress.report((double) settled / n, "normalised cut");
				continue;
			}
			Candidate first = examiner.examine(c.first, c.node.depth() + 1);
			Candidate second = examiner.examine(c.second, c.node.depth() + 1);
			c.node.setChildren(first.node, second.node);
			work.push(second);
			work.push(first);
		}
		progress.report(1, "normalised cut");
		return new SplitTree(root.node, rule, minSize, maxDepth, Collections.emptyMap());
	}

	/** A node with its best split computed, and the two parts that split would make (null if none). */
	private static final class Candidate {
		final SplitNode node;
		final int[] first, second;

		Candidate(SplitNode node, int[] first, int[] second) {
			this.node = node;
			this.first = first;
			this.second = second;
		}
	}

	/** Finds the best split of the sub-graph on {@code members} (global indices, ascending). */
	private Candidate examine(float[] weights, int n, GraphKind kind, int[] members, int depth) {
		int size = members.length;
		if (size < 2 * minSize || depth >= maxDepth) return new Candidate(SplitNode.unsplittable(members, depth), null, null);
		float[] sub = size == n ? weights : restrict(weights, n, members);
		float[] symmetric;
		double[] degrees;
		FiedlerVector fiedler;
		if (kind == GraphKind.WALK) {
			normalizeRows(sub == weights ? (sub = sub.clone()) : sub, size);
			double[] pi = new double[size];
			try (MatVec op = operators.create(sub, size)) {
				fiedler = solver.randomWalk(op, pi);
			}
			symmetric = stationaryFlow(sub, size, pi);
			degrees = rowSums(symmetric, size);
		}
		else {
			symmetric = sub;
			degrees = rowSums(symmetric, size);
			try (MatVec op = operators.create(symmetric, size)) {
				fiedler = solver.symmetric(op, degrees);
			}
		}
		Split split = SweepCut.best(symmetric, size, degrees, fiedler.values(), minSize, sweep, thresholds);
		if (split == null) return new Candidate(SplitNode.unsplittable(members, depth), null, null);
		return split(members, depth, split, CutStatistics.of(symmetric, size, split), fiedler);
	}

	/**
	 * The factored twin of the dense examine: W_SS = F_S F_Sᵀ is seen through the rows {@code members} of
	 * {@code whole}'s F only. Degrees are F_S (F_Sᵀ 1), T = (Σ d − Σ ‖F_i‖²)/2 (the pairs i ≠ j once), m from the
	 * supports.
	 */
	private Candidate examine(Factor factor, FactorProducts whole, int[] members, int depth) {
		int size = members.length, c = factor.columns();
		if (size < 2 * minSize || depth >= maxDepth) return new Candidate(SplitNode.unsplittable(members, depth), null, null);
		double[] self = new double[size], degrees = new double[size];
		double volume = 0, loops = 0;
		for (int a = 0; a < size; a++) loops += self[a] = factor.selfWeight(members[a]);
		FiedlerVector fiedler;
		try (FactorProducts f = whole.rows(members)) {
			double[] ones = new double[size], columnSums = new double[c];
			Arrays.fill(ones, 1);
			f.multiplyTransposed(ones, columnSums);
			f.multiply(columnSums, degrees);
			fiedler = solver.factored(f, columnSums, degrees);
		}
		for (double d : degrees) volume += d;
		Split split = SweepCut.best(order -> SweepCut.cuts(factor.data(), c, members, self, degrees, order), degrees,
			fiedler.values(), minSize, sweep, thresholds);
		if (split == null) return new Candidate(SplitNode.unsplittable(members, depth), null, null);
		CutStatistics statistics = new CutStatistics(size, factor.edges(members), (volume - loops) / 2, split.ncut(),
			split.cut());
		return split(members, depth, split, statistics, fiedler);
	}

	private static Candidate split(int[] members, int depth, Split split, CutStatistics statistics, FiedlerVector fiedler) {
		SplitNode node = new SplitNode(members, depth, statistics, split.threshold(), fiedler.eigenvalue(),
			fiedler.iterations(), fiedler.converged());
		// Each side in the members' (ascending) order, by a pass over them rather than a sort: the sort's code was
		// compiled six times over (on-stack replacement) in a fresh JVM, beside the cut, on a 2-core machine.
		boolean[] first = new boolean[members.length];
		int[] order = split.order();
		for (int k = 0; k < split.size(); k++) first[order[k]] = true;
		int[] a = new int[split.size()], b = new int[members.length - split.size()];
		for (int i = 0, p = 0, q = 0; i < members.length; i++)
			if (first[i]) a[p++] = members[i];
			else b[q++] = members[i];
		return new Candidate(node, a, b);
	}

	/** W restricted to rows and columns {@code members}. */
	static float[] restrict(float[] w, int n, int[] members) {
		int m = members.length;
		float[] sub = new float[m * m];
		for (int a = 0; a < m; a++) {
			int row = members[a] * n, o = a * m;
			for (int b = 0; b < m; b++) sub[o + b] = w[row + members[b]];
		}
		return sub;
	}

	/** Rows rescaled to sum to 1; a row with no weight left inside the part becomes uniform. */
	private static void normalizeRows(float[] p, int n) {
		for (int i = 0, o = 0; i < n; i++, o += n) {
			double sum = 0;
			for (int j = 0; j < n; j++) sum += p[o + j];
			if (sum > 0) for (int j = 0; j < n; j++) p[o + j] = (float) (p[o + j] / sum);
			else Arrays.fill(p, o, o + n, 1f / n);
		}
	}

	/**
	 * n (F + Fᵀ)/2 with F = diag(π) P: the flow in the walk's own units (total weight n, mean degree 1, like P),
	 * and exactly (P + Pᵀ)/2 when π is uniform. NCut does not see the factor n; the MAN-C bound does.
	 */
	private static float[] stationaryFlow(float[] p, int n, double[] pi) {
		float[] w = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = i; j < n; j++) {
				float v = (float) (0.5 * n * (pi[i] * p[i * n + j] + pi[j] * p[j * n + i]));
				w[i * n + j] = v;
				w[j * n + i] = v;
			}
		return w;
	}

	private static double[] rowSums(float[] w, int n) {
		double[] d = new double[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0, o = i * n; j < n; j++) s += w[o + j];
			d[i] = s;
		}
		return d;
	}
}
