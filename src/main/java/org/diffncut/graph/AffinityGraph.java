package org.diffncut.graph;

import org.diffncut.attention.TransitionMatrix;

import ai.djl.Device;

/**
 * The weighted graph the normalised cut works on, over the grid cells, with the power walk it came from. For
 * {@link GraphKind#DOT} and {@link GraphKind#COSINE} the weights are symmetric and non-negative and given by a
 * {@link Factor}, A = F Fᵀ, which is all the cut needs; the dense n×n A is formed only when asked for
 * ({@link #weights()}, the cross-check). For {@link GraphKind#WALK} they are Pᵏ itself, row-stochastic and in
 * general not symmetric.
 * <p>
 * Scale: normalised cuts are scale-free but the MAN-C stopping bound nT/(2m) is not, so every graph comes in the
 * walk's units, mean row sum about 1. Pᵏ has it exactly; Pᵏ(Pᵏ)ᵀ has row sums Σ_k Pᵏ_ik c_k with c the column
 * sums of Pᵏ, mean 1 when the columns sum to 1, and is kept as the paper uses it; the cosine graph, whose row
 * sums grow with n, is scaled by one factor to mean row sum 1.
 */
public final class AffinityGraph {
	private final GraphKind kind;
	private final PowerWalk walk;
	private final Factor factor;
	private float[] weights;

	private AffinityGraph(GraphKind kind, PowerWalk walk, Factor factor, float[] weights) {
		this.kind = kind;
		this.walk = walk;
		this.factor = factor;
		this.weights = weights;
	}

	/**
	 * Builds the graph on {@code device}: on the CPU nothing but Pᵏ for k &gt; 1 needs the native engine; on a GPU
	 * every product runs there.
	 */
	public static AffinityGraph build(TransitionMatrix p, GraphKind kind, int steps, Device device) {
		return of(PowerWalk.of(p, steps, device), kind);
	}

	/** The {@code kind} graph of a walk already taken (its device is the walk's). */
	public static AffinityGraph of(PowerWalk walk, GraphKind kind) {
		int n = walk.size();
		switch (kind) {
			case DOT: return new AffinityGraph(kind, walk, new Factor(Rows.flushed(walk.matrix()), n, n), null);
			case COSINE: return new AffinityGraph(kind, walk, new Factor(Rows.cosineFactor(walk.matrix(), n), n, n), null);
			case WALK: return new AffinityGraph(kind, walk, null, walk.matrix());
			default: throw new AssertionError(kind);
		}
	}

	public GraphKind kind() {
		return kind;
	}

	public boolean symmetric() {
		return kind != GraphKind.WALK;
	}

	public int size() {
		return walk.size();
	}

	/** A = F Fᵀ for the dot and cosine graphs; null for the walk. */
	public Factor factor() {
		return factor;
	}

	/**
	 * The dense n×n row-major weights (shared: do not modify). For the dot and cosine graphs this forms A on the
	 * walk's device, an O(n³) product the cut itself never needs: for cross-checks and benchmarks.
	 */
	public synchronized float[] weights() {
		if (weights == null) {
			int n = size();
			weights = kind == GraphKind.DOT ? Tensors.gram(walk.matrix(), n, walk.device())
				: Tensors.cosine(walk.matrix(), n, walk.device());
		}
		return weights;
	}

	public PowerWalk walk() {
		return walk;
	}
}
