package org.diffncut.ncut;

/**
 * The products of a factor F (s×c), which are all the factored cut needs: {@link JavaFactorProducts} in plain Java
 * (no native engine), {@link DjlFactorProducts} on a DJL device (the GPU when asked for). A sub-graph's F_S is a
 * {@link #rows} view of the whole factor's products, so F is held (and, on a device, uploaded) once per image: the
 * Java products read F_S's rows in place, a device gathers F_S from the uploaded F. Vectors are double on both
 * sides. Not thread-safe.
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

	/**
	 * The products of F_S, the rows {@code members} of this F (indices into its rows, ascending), sharing its data.
	 * Close the view when done with it; that releases what the view made, never this one's data.
	 */
	FactorProducts rows(int[] members);

	/** Releases device memory, if any. */
	@Override
	default void close() {}

	/** Makes the products of the n×c row-major {@code f} (not modified, not retained past the products' life). */
	@FunctionalInterface
	interface Factory {
		FactorProducts create(float[] f, int n, int c);
	}
}
