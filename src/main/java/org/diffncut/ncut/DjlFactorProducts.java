package org.diffncut.ncut;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import org.diffncut.graph.AffinityGraph;

/**
 * {@link FactorProducts} on a DJL device: F_S is uploaded once per sub-graph and every product runs there as
 * float32 matrix-vector products (on a GPU, microseconds for 4096²). Vectors cross as float32.
 */
public final class DjlFactorProducts implements FactorProducts {
	private final NDManager manager;
	private final NDArray f, ft;
	private final int s, c;

	public DjlFactorProducts(float[] rows, int s, int c, Device device) {
		if ((long) s * c != rows.length) throw new IllegalArgumentException(rows.length + " entries for " + s + "x" + c);
		this.s = s;
		this.c = c;
		this.manager = NDManager.newBaseManager(device);
		this.f = manager.create(rows, new Shape(s, c));
		this.ft = f.transpose();
	}

	/** A factory for {@code device}. */
	/** The products for {@code graph}'s device: DJL on a GPU, plain Java on the CPU (faster there). */
	public static Factory preferred(AffinityGraph graph) {
		Device device = graph.walk().device();
		return device.isGpu() ? on(device) : JavaFactorProducts::new;
	}

	public static Factory on(Device device) {
		return (rows, s, c) -> new DjlFactorProducts(rows, s, c, device);
	}

	@Override
	public int rows() {
		return s;
	}

	@Override
	public int columns() {
		return c;
	}

	@Override
	public void multiply(double[] x, double[] y) {
		try (NDScope step = new NDScope()) { // frees the vectors; F stays
			copy(f.matMul(vector(x)), y);
		}
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		try (NDScope step = new NDScope()) {
			copy(ft.matMul(vector(x)), y);
		}
	}

	@Override
	public void gram(double[] r, double[] x, double[] y) {
		try (NDScope step = new NDScope()) {
			copy(ft.matMul(f.matMul(vector(x)).mul(vector(r))), y);
		}
	}

	private NDArray vector(double[] x) {
		float[] v = new float[x.length];
		for (int i = 0; i < x.length; i++) v[i] = (float) x[i];
		return manager.create(v, new Shape(x.length, 1));
	}

	private static void copy(NDArray column, double[] y) {
		float[] r = column.toFloatArray();
		for (int i = 0; i < r.length; i++) y[i] = r[i];
	}

	@Override
	public void close() {
		manager.close();
	}
}
