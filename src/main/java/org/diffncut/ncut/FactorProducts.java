package org.diffncut.ncut;

/**
 * The products of a sub-graph's factor F_S (s×c), which are all the factored cut needs: {@link JavaFactorProducts}
 * in plain Java (no native engine), {@link DjlFactorProducts} on a DJL device (the GPU when asked for). Vectors
 * are double on both sides. Not thread-safe.
 */
public interface FactorProducts extends AutoCloseable {
	/** s. */
	int rows();

	/** c. */
	int columns();

	/** y = F x: {@code x} has length c, {@code y} length s (overwritten). */
	void multiply(double[] x, double[] y);

	/** y = Fᵀ x: {@code x} has length s, {@code y} length c (overwritten). */
	void multiplyTransposed(double[] x, double[] y);

	/**
	 * y = Fᵀ diag(r) F x, the c×c Gram operator weighted by {@code r} (length s), in one pass over F: x and y have
	 * length c ({@code y} overwritten).
	 */
	void gram(double[] r, double[] x, double[] y);

	/** Releases device memory, if any. */
	@Override
	default void close() {}

	/** Makes the products of the s×c row-major {@code rows} (not modified, not retained past the products' life). */
	@FunctionalInterface
	interface Factory {
		FactorProducts create(float[] rows, int s, int c);
	}
}
