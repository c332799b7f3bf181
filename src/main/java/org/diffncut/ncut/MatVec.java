package org.diffncut.ncut;

/**
 * The weight matrix W of one (sub-)graph seen only through matrix-vector products, which is all the eigen-solvers
 * need. Implementations decide where W lives: {@link DenseMatVec} in a Java array, {@link DjlMatVec} on the
 * DJL device (the GPU when present). Not thread-safe.
 */
public interface MatVec extends AutoCloseable {
	/** n, the number of nodes. */
	int size();

	/** y = W x. {@code x} is not modified; {@code y} (length n) is overwritten. */
	void multiply(double[] x, double[] y);

	/** y = Wᵀ x. {@code x} is not modified; {@code y} (length n) is overwritten. */
	void multiplyTransposed(double[] x, double[] y);

	/** Releases device memory, if any. */
	@Override
	default void close() {}

	/** Makes the operator of a dense n×n row-major matrix (not modified, and not retained past the operator's life). */
	@FunctionalInterface
	interface Factory {
		MatVec create(float[] matrix, int n);
	}
}
