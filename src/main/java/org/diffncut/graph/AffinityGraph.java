package org.diffncut.graph;

import org.diffncut.attention.TransitionMatrix;

import ai.djl.Device;

/**
 * The weighted graph the normalised cut works on, dense n×n row-major over the grid cells, with the power walk
 * it came from. For {@link GraphKind#DOT} and {@link GraphKind#COSINE} the weights are symmetric and
 * non-negative; for {@link GraphKind#WALK} they are Pᵏ itself, row-stochastic and in general not symmetric.
 * <p>
 * Scale: normalised cuts are scale-free but the MAN-C stopping bound nT/(2m) is not, so every graph comes in the
 * walk's units, mean row sum about 1. Pᵏ has it exactly; Pᵏ(Pᵏ)ᵀ has row sums Σ_k Pᵏ_ik c_k with c the column
 * sums of Pᵏ, mean 1 when the columns sum to 1, and is kept as the paper uses it; the cosine graph, whose row
 * sums grow with n, is scaled by one factor to mean row sum 1.
 */
public final class AffinityGraph {
	private final GraphKind kind;
	private final PowerWalk walk;
	private final float[] weights;

	private AffinityGraph(GraphKind kind, PowerWalk walk, float[] weights) {
		this.kind = kind;
		this.walk = walk;
		this.weights = weights;
	}

	/** Builds the graph on the default device (the GPU when DJL sees one). */
	public static AffinityGraph build(TransitionMatrix p, GraphKind kind, int steps) {
		return build(p, kind, steps, Tensors.defaultDevice());
	}

	public static AffinityGraph build(TransitionMatrix p, GraphKind kind, int steps, Device device) {
		PowerWalk walk = PowerWalk.of(p, steps, device);
		int n = p.size();
		switch (kind) {
			case DOT: return new AffinityGraph(kind, walk, Tensors.gram(walk.matrix(), n, device));
			case COSINE: return new AffinityGraph(kind, walk, Tensors.cosine(walk.matrix(), n, device));
			case WALK: return new AffinityGraph(kind, walk, walk.matrix());
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

	/** n×n row-major weights (shared: do not modify). */
	public float[] weights() {
		return weights;
	}

	public PowerWalk walk() {
		return walk;
	}
}
