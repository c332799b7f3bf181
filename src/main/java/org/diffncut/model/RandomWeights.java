package org.diffncut.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Random parameters of any requested shape, generated on the target device, for benchmarks at full model size
 * without a download: weights ~ N(0, 1/fan_in) (activations keep their scale through the network), norm scales 1,
 * biases 0. Values come from PyTorch's global generator, so two models differ unless it is seeded.
 */
final class RandomWeights implements Weights {
	private long loaded;

	@Override
	public NDArray load(NDManager manager, DataType type, String name, long... shape) {
		loaded += new Shape(shape).size();
		if (shape.length == 1) return name.contains("norm") && name.endsWith(".weight") ?
			manager.ones(new Shape(shape), type) : manager.zeros(new Shape(shape), type);
		long fanIn = 1;
		for (int d = 1; d < shape.length; d++) fanIn *= shape[d];
		return manager.randomNormal(0, (float) (1 / Math.sqrt(fanIn)), new Shape(shape), type);
	}

	@Override
	public NDArray loadRows(NDManager manager, DataType type, String name, long[] shape, int[] rows) {
		return load(manager, type, name, rows.length, shape[1]);
	}

	@Override
	public boolean contains(String name) {
		return true;
	}

	@Override
	public long loadedElements() {
		return loaded;
	}

	@Override
	public void close() {}
}
