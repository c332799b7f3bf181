package org.diffncut.ncut;

import org.diffncut.graph.AffinityGraph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * {@link MatVec} that uploads W once to a DJL device and multiplies there: on a GPU a 4096² mat-vec costs
 * microseconds, so the eigen-solver's iterations never stall the cut. Vectors cross as float32.
 */
public final class DjlMatVec implements MatVec {
	/** Sub-graphs from this many nodes up go to the device. */
	public static final int MIN_SIZE = 512;

	private final NDManager manager;
	private final NDArray w, wt;
	private final int n;
	private final float[] buffer;

	public DjlMatVec(float[] matrix, int n, Device device) {
		this.n = n;
		this.manager = NDManager.newBaseManager(device);
		this.w = manager.create(matrix, new Shape(n, n));
		this.wt = w.transpose();
		this.buffer = new float[n];
	}

	/** A factory for {@code device}. */
	public static Factory on(Device device) {
		return (matrix, n) -> new DjlMatVec(matrix, n, device);
	}

	/**
	 * Operators for the cut of {@code graph}: on its DJL device from {@link #MIN_SIZE} nodes up, where one native
	 * product beats Java even on the CPU (4096²: about 2 ms against 8 ms on two cores, see
	 * {@code diffncut bench-ncut}); plain Java below, where the JNI round trip would dominate.
	 */
	public static Factory preferred(AffinityGraph graph) {
		Device device = graph.walk().device();
		return (matrix, n) -> n >= MIN_SIZE ? new DjlMatVec(matrix, n, device) : new DenseMatVec(matrix, n);
	}

	@Override
	public int size() {
		return n;
	}

	@Override
	public void multiply(double[] x, double[] y) {
		product(w, x, y);
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		product(wt, x, y);
	}

	private void product(NDArray m, double[] x, double[] y) {
		for (int i = 0; i < n; i++) buffer[i] = (float) x[i];
		try (NDScope step = new NDScope()) { // frees the vector and the product; W stays
			NDArray v = manager.create(buffer, new Shape(n, 1));
			float[] r = m.matMul(v).toFloatArray();
			for (int i = 0; i < n; i++) y[i] = r[i];
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
