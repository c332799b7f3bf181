package org.diffncut.ncut;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.diffncut.graph.AffinityGraph;

/**
 * {@link FactorProducts} on a DJL device: F is uploaded once per image, a sub-graph's F_S is gathered from it on
 * the device ({@link #rows}), and every product runs there (on a GPU, microseconds for 4096²). The Gram operator runs
 * in float32, like the Java one; F x and Fᵀ x, which feed the degrees (and every cut value is a small difference of
 * degrees), in float64 on a float64 copy of F_S made on the device at their first use, as the Java ones accumulate
 * in double.
 */
public final class DjlFactorProducts implements FactorProducts {
	private final NDManager manager;
	private final NDArray f, ft;
	private NDArray f64, ft64;
	private final int s, c;

	/** Uploads the n×c row-major {@code f} to {@code device}. */
	public DjlFactorProducts(float[] f, int n, int c, Device device) {
		if ((long) n * c != f.length) throw new IllegalArgumentException(f.length + " entries for " + n + "x" + c);
		this.manager = NDManager.newBaseManager(device);
		this.s = n;
		this.c = c;
		this.f = manager.create(f, new Shape(n, c));
		this.ft = this.f.transpose();
	}

	/** A view on {@code manager}, which owns everything the view makes (not {@code f}, which may be its parent's). */
	private DjlFactorProducts(NDManager manager, NDArray f) {
		this.manager = manager;
		this.f = f;
		this.ft = f.transpose();
		ft.attach(manager);
		this.s = (int) f.getShape().get(0);
		this.c = (int) f.getShape().get(1);
	}

	/** The products for {@code graph}'s device: DJL on a GPU, plain Java on the CPU (faster there). */
	public static Factory preferred(AffinityGraph graph) {
		Device device = graph.walk().device();
		return device.isGpu() ? on(device) : JavaFactorProducts::new;
	}

	/** A factory for {@code device}. */
	public static Factory on(Device device) {
		return (f, n, c) -> new DjlFactorProducts(f, n, c, device);
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
	public FactorProducts rows(int[] members) {
		NDManager view = manager.newSubManager();
		boolean all = members.length == s;
		for (int a = 0; all && a < s; a++) all = members[a] == a;
		if (all) return new DjlFactorProducts(view, f); // the whole F, not a copy of it
		NDArray rows = f.get(view.create(members)); // gathered on the device
		rows.attach(view);
		return new DjlFactorProducts(view, rows);
	}

	@Override
	public void multiply(double[] x, double[] y) {
		double64();
		try (NDScope step = new NDScope()) { // frees the vectors; F stays
			copy(f64.matMul(manager.create(x, new Shape(x.length, 1))), y);
		}
	}

	@Override
	public void multiplyTransposed(double[] x, double[] y) {
		double64();
		try (NDScope step = new NDScope()) {
			copy(ft64.matMul(manager.create(x, new Shape(x.length, 1))), y);
		}
	}

	private void double64() {
		if (f64 == null) {
			f64 = f.toType(DataType.FLOAT64, true);
			f64.attach(manager);
			ft64 = f64.transpose();
			ft64.attach(manager);
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
		if (column.getDataType() == DataType.FLOAT64) {
			System.arraycopy(column.toDoubleArray(), 0, y, 0, y.length);
			return;
		}
		float[] r = column.toFloatArray();
		for (int i = 0; i < r.length; i++) y[i] = r[i];
	}

	@Override
	public void close() {
		manager.close();
	}
}
