package org.diffncut.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** The yardstick benchmarks measure stage times against, so that figures compare across machines. */
public final class Yardstick {
	private Yardstick() {
	}

	/**
	 * Seconds of one {@code n}×{@code n} by {@code n}×{@code n} matrix product on {@code model}'s device and in its
	 * UNet's type (best of three).
	 */
	public static double productSeconds(StableDiffusion model, int n) {
		synchronized (model) { // never alongside a capture
			Placement p = model.placement();
			return productSeconds(p.device, p.unet, n);
		}
	}

	/** As above, on {@code device} in {@code type}: the same yardstick for benchmarks that hold no model. */
	public static double productSeconds(Device device, DataType type, int n) {
		try (NDManager run = NDManager.newBaseManager(device)) {
			NDArray a = run.randomUniform(-1, 1, new Shape(n, n)).toType(type, false);
			double best = Double.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				long t = System.nanoTime();
				NDArray c = a.matMul(a);
				Meter.await(c);
				best = Math.min(best, (System.nanoTime() - t) * 1e-9);
				c.close();
			}
			return best;
		}
	}
}
