package org.diffncut.model;

import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The named parameter tensors of one model component (a safetensors file, or random values for benchmarks).
 * Tensors are materialised one at a time, directly in the requested type on the requested device, so a model is
 * never held twice.
 */
interface Weights extends AutoCloseable {
	/**
	 * Tensor {@code name}, which must have exactly {@code shape}, converted to {@code type} on the device of
	 * {@code manager}, which owns the result.
	 *
	 * @throws IOException naming the file and the tensor if it is missing, has another shape or a non-float type
	 */
	NDArray load(NDManager manager, DataType type, String name, long... shape) throws IOException;

	/** Rows {@code rows} of the 2-D tensor {@code name} of {@code shape}: an embedding lookup that skips the table. */
	NDArray loadRows(NDManager manager, DataType type, String name, long[] shape, int[] rows) throws IOException;

	boolean contains(String name);

	/** Elements of all tensors loaded so far: the parameter count of what was built. */
	long loadedElements();

	@Override
	void close() throws IOException;
}
