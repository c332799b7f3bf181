package org.diffncut.graph;

import java.util.Locale;

import org.diffncut.attention.TransitionMatrix;

import ai.djl.Device;

/**
 * Pᵏ, the k-step random walk between grid cells. Its rows are the features of the cells: the graph is built
 * from them, and segments are upsampled by cosine similarity to their mean row. k sets the granularity: more
 * steps blur the walk, so fewer, larger segments.
 */
public final class PowerWalk {
	/**
	 * Longest walk: k beyond it only blurs P towards its stationary rows, and the products are the cost (the plug-in
	 * and the command line share this bound).
	 */
	public static final int MAX_STEPS = 100;

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
		checkSteps(steps);
		Runtime rt = Runtime.getRuntime();
		checkMemory(p.size(), steps, rt.maxMemory() - rt.totalMemory() + rt.freeMemory());
		return new PowerWalk(p, steps, Tensors.power(p.data(), p.size(), steps, device), device);
	}

	/** @throws IllegalArgumentException unless 1 ≤ {@code steps} ≤ {@value #MAX_STEPS} */
	public static void checkSteps(int steps) {
		if (steps < 1 || steps > MAX_STEPS) throw new IllegalArgumentException("walk steps must be 1.." + MAX_STEPS +
			", not " + steps);
	}

	/**
	 * Refuses a walk whose products would not fit: k &gt; 1 holds P, the last power and the next one, n² floats each
	 * (on the device, then the result on the heap); measured against {@code free} bytes of heap, the only memory
	 * Java can see.
	 */
	static void checkMemory(long n, int steps, long free) {
		if (steps == 1) return;
		long needed = 3 * n * n * Float.BYTES;
		if (needed > free) throw new IllegalStateException(String.format(Locale.ROOT, "the %d-step walk over %d " +
			"cells needs %d MB, but %d MB are free: give Java more memory (e.g. -Xmx16g), or use fewer steps or a lower " +
			"resolution", steps, n, needed >> 20, free >> 20));
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
