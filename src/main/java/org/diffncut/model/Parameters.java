package org.diffncut.model;

import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

/**
 * A view of {@link Weights} under a name prefix ({@code down_blocks.0.resnets.1.}), bound to the manager that owns
 * the loaded tensors, the type they are stored in and the {@link Meter} their layers count their arithmetic on.
 * Blocks take one and ask for their tensors by local name.
 */
final class Parameters {
	private final Weights weights;
	private final NDManager manager;
	private final DataType type;
	private final Meter meter;
	private final String prefix;

	Parameters(Weights weights, NDManager manager, DataType type, Meter meter) {
		this(weights, manager, type, meter, "");
	}

	private Parameters(Weights weights, NDManager manager, DataType type, Meter meter, String prefix) {
		this.weights = weights;
		this.manager = manager;
		this.type = type;
		this.meter = meter;
		this.prefix = prefix;
	}

	/** The parameters under {@code name.}, e.g. {@code child("resnets").child("0")}. */
	Parameters child(String name) {
		return new Parameters(weights, manager, type, meter, prefix + name + ".");
	}

	Parameters child(String name, int index) {
		return child(name).child(Integer.toString(index));
	}

	/** The same tensors, owned by {@code manager} instead. */
	Parameters on(NDManager manager) {
		return new Parameters(weights, manager, type, meter, prefix);
	}

	NDArray get(String name, long... shape) throws IOException {
		return owned(weights.load(manager, type, prefix + name, shape));
	}

	/** Parameters live as long as their manager, never in the NDScope that happens to be open while they load. */
	private static NDArray owned(NDArray array) {
		NDScope.unregister(array);
		return array;
	}

	/**
	 * The child whose {@code weight} tensor exists, among {@code names} in order (checkpoints of different ages name
	 * some modules differently); the first name if none exists, so the error names the current convention.
	 */
	Parameters firstChild(String... names) {
		for (String n : names)
			if (weights.contains(prefix + n + ".weight")) return child(n);
		return child(names[0]);
	}

	NDArray rows(String name, long[] shape, int[] rows) throws IOException {
		return owned(weights.loadRows(manager, type, prefix + name, shape, rows));
	}

	String prefix() {
		return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	DataType type() {
		return type;
	}

	Meter meter() {
		return meter;
	}
}
