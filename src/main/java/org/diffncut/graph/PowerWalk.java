package org.diffncut.graph;

import org.diffncut.attention.TransitionMatrix;

import ai.djl.Device;

/**
 * Pᵏ, the k-step random walk between grid cells. Its rows are the features of the cells: the graph is built
 * from them, and segments are upsampled by cosine similarity to their mean row. k sets the granularity: more
 * steps blur the walk, so fewer, larger segments.
 */
public final class PowerWalk {
	private final TransitionMatrix p;
	private final int steps;
	private final float[] walk;
	private final Device device;

	private PowerWalk(TransitionMatrix p, int steps, float[] walk, Device device) {
		this.p = p;
		this.steps = steps;
		this.walk = walk;
		this.device = device;
	}

	/**
	 * Computes Pᵏ on {@code device} (k = 1 shares P's array). On the CPU the walk's O(n²) products (segment
	 * means and scores) run in plain Java, so that k = 1 never loads the native engine.
	 */
	public static PowerWalk of(TransitionMatrix p, int steps, Device device) {
		if (steps < 1) throw new IllegalArgumentException("walk steps must be ≥ 1, got " + steps);
		return new PowerWalk(p, steps, Tensors.power(p.data(), p.size(), steps, device), device);
	}

	public TransitionMatrix transitions() {
		return p;
	}

	public int steps() {
		return steps;
	}

	public int size() {
		return p.size();
	}

	public Device device() {
		return device;
	}

	/** Pᵏ, n×n row-major (shared: do not modify). */
	public float[] matrix() {
		return walk;
	}

	/**
	 * Cosine scores of every cell against every segment's mean feature, up to the cell's own norm:
	 * {@code S(s, i) = row_i(Pᵏ) · m_s / ‖m_s‖}, K×n row-major. Per cell, the segment of highest cosine
	 * similarity is the one of highest score, and the score is linear in the feature, so it can be interpolated.
	 *
	 * @param labels segment 0..k−1 of every cell (each segment non-empty)
	 */
	public float[] segmentScores(int[] labels, int segments) {
		if (labels.length != size()) throw new IllegalArgumentException(labels.length + " labels for " + size() + " cells");
		return device.isGpu() ? Tensors.segmentScores(walk, size(), labels, segments, device)
			: Rows.segmentScores(walk, size(), labels, segments);
	}

	/** The mean feature (row of Pᵏ) of every segment, K×n row-major: what a segment "looks at". */
	public float[] segmentMeans(int[] labels, int segments) {
		if (labels.length != size()) throw new IllegalArgumentException(labels.length + " labels for " + size() + " cells");
		return device.isGpu() ? Tensors.segmentMeans(walk, size(), labels, segments, device)
			: Rows.segmentMeans(walk, size(), labels, segments);
	}
}
