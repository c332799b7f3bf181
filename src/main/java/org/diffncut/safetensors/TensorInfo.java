package org.diffncut.safetensors;

import java.util.Arrays;

/**
 * One header entry of a safetensors file: name, element type, shape (row-major) and the byte range
 * {@code [begin, end)} relative to the start of the data section.
 */
public final class TensorInfo {
	private final String name;
	private final DType dtype;
	private final long[] shape;
	private final long begin, end;

	TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
		this.name = name;
		this.dtype = dtype;
		this.shape = shape.clone();
		this.begin = begin;
		this.end = end;
	}

	public String name() { return name; }
	public DType dtype() { return dtype; }
	public long[] shape() { return shape.clone(); }
	public int rank() { return shape.length; }
	public long dim(int d) { return shape[d]; }
	long begin() { return begin; }
	long end() { return end; }

	/** Number of elements: the product of the shape (1 for a scalar). */
	public long elements() {
		long n = 1;
		for (long s : shape) n = Math.multiplyExact(n, s);
		return n;
	}

	public long byteLength() { return end - begin; }

	@Override
	public String toString() {
		return name + " " + dtype + Arrays.toString(shape);
	}
}
