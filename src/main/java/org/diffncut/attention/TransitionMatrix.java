package org.diffncut.attention;

/**
 * A row-stochastic matrix P over the N = h·w cells of a latent grid: P(q, k) ≥ 0 and Σ_k P(q, k) = 1, stored
 * row-major as float32. Cell (row, col) has index {@code row * w + col}. P(q, ·) is where attention from query
 * cell q goes: a random walk between image patches.
 * <p>
 * The backing array is shared, not copied: callers must not modify it.
 */
public final class TransitionMatrix {
	/** Largest accepted deviation of a row sum from 1. */
	public static final double ROW_SUM_TOLERANCE = 1e-3;

	private final float[] data;
	private final int gridHeight, gridWidth;

	private TransitionMatrix(float[] data, int gridHeight, int gridWidth) {
		this.data = data;
		this.gridHeight = gridHeight;
		this.gridWidth = gridWidth;
	}

	/**
	 * Wraps {@code data} (N×N, row-major) over a {@code gridHeight × gridWidth} grid after checking that it is
	 * square, finite, non-negative and row-stochastic within {@link #ROW_SUM_TOLERANCE}.
	 *
	 * @throws IllegalArgumentException naming the first bad row
	 */
	public static TransitionMatrix of(float[] data, int gridHeight, int gridWidth) {
		if (gridHeight < 1 || gridWidth < 1) throw new IllegalArgumentException("grid " + gridHeight + "x" +
			gridWidth + " is empty");
		long n = (long) gridHeight * gridWidth;
		if (n * n != data.length) throw new IllegalArgumentException("P has " + data.length +
			" entries but a " + gridHeight + "x" + gridWidth + " grid needs " + n + "x" + n);
		int size = (int) n;
		for (int row = 0; row < size; row++) {
			double sum = 0;
			for (int col = 0, o = row * size; col < size; col++) {
				float v = data[o + col];
				if (!Float.isFinite(v)) throw new IllegalArgumentException("P row " + row + " holds " + v +
					" at column " + col + ": the attention maps are corrupt");
				if (v < 0) throw new IllegalArgumentException("P row " + row + " holds a negative entry " + v +
					" at column " + col + ": P must be row-stochastic");
				sum += v;
			}
			if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new IllegalArgumentException("P row " + row +
				" sums to " + sum + ", not 1: P must be row-stochastic (tolerance " + ROW_SUM_TOLERANCE + ")");
		}
		return new TransitionMatrix(data, gridHeight, gridWidth);
	}

	/** Wraps a square N×N array over a square grid; fails if N is not a perfect square. */
	public static TransitionMatrix square(float[] data) {
		int n = (int) Math.round(Math.sqrt(data.length));
		int side = (int) Math.round(Math.sqrt(n));
		if ((long) n * n != data.length) throw new IllegalArgumentException("P has " + data.length +
			" entries, which is not N×N for any N: P must be square");
		if (side * side != n) throw new IllegalArgumentException("N = " + n +
			" is not a square grid: give the grid size explicitly");
		return of(data, side, side);
	}

	/** N, the number of grid cells. */
	public int size() {
		return gridHeight * gridWidth;
	}

	public int gridHeight() {
		return gridHeight;
	}

	public int gridWidth() {
		return gridWidth;
	}

	public float get(int row, int col) {
		return data[row * size() + col];
	}

	/** The row-major backing array (not a copy: do not modify). */
	public float[] data() {
		return data;
	}
}
