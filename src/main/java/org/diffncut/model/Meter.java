package org.diffncut.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Counts the arithmetic of a stage as its layers run it ({@link Arithmetic}, from the shapes they get) and, when
 * profiling, times each block (everything between two {@link #lap}s) and the dense products of each kind. Time
 * spent in the attention sinks ({@link #exclude}) belongs to the aggregation, not to the stage or its blocks.
 * <p>
 * One per placed model, used by one pass at a time. On a GPU a profiling meter waits for the device after every
 * product and block, so its times are honest but the pass is slower; without profiling nothing waits but the end of
 * a stage.
 */
final class Meter {
	private static final int KINDS = Arithmetic.Kind.values().length;

	private boolean profiling;
	private final long[] flops = new long[KINDS], productNanos = new long[KINDS];
	private long[] lapFlops = new long[KINDS];
	private long start, lapStart, excluded, lapExcluded;
	private final Map<String, long[]> blocks = new LinkedHashMap<>(); // name → nanos, then flops by kind

	/** Whether later stages are profiled (block and product times). */
	void profile(boolean on) {
		profiling = on;
	}

	/** Runs the dense product {@code op} and counts {@code flops(result)} operations of {@code kind}. */
	NDArray product(Arithmetic.Kind kind, Supplier<NDArray> op, ToLongFunction<NDArray> flops) {
		long t = profiling ? System.nanoTime() : 0, e = excluded;
		NDArray result = op.get();
		this.flops[kind.ordinal()] += flops.applyAsLong(result);
		if (profiling) {
			await(result);
			productNanos[kind.ordinal()] += System.nanoTime() - t - (excluded - e);
		}
		return result;
	}

	/** Adds {@code nanos} spent outside the stage (in attention sinks) while it ran. */
	void exclude(long nanos) {
		excluded += nanos;
	}

	/** Starts a stage: counts and times from zero. */
	void start() {
		Arrays.fill(flops, 0);
		Arrays.fill(productNanos, 0);
		Arrays.fill(lapFlops, 0);
		blocks.clear();
		excluded = lapExcluded = 0;
		start = lapStart = System.nanoTime();
	}

	/** When profiling, closes block {@code name} with its output {@code result}: it took everything since the last lap. */
	void lap(String name, NDArray result) {
		if (!profiling) return;
		await(result);
		long now = System.nanoTime();
		long[] b = blocks.computeIfAbsent(name, n -> new long[1 + KINDS]);
		b[0] += now - lapStart - (excluded - lapExcluded);
		for (int k = 0; k < KINDS; k++) b[1 + k] += flops[k] - lapFlops[k];
		lapFlops = flops.clone();
		lapStart = now;
		lapExcluded = excluded;
	}

	/** Ends the stage whose output is {@code result} (waited for on a GPU) and returns what it took. */
	StageCost stop(NDArray result) {
		await(result);
		double seconds = (System.nanoTime() - start - excluded) * 1e-9;
		Arithmetic arithmetic = Arithmetic.of(flops);
		if (!profiling) return new StageCost(seconds, arithmetic);
		Map<Arithmetic.Kind, Double> products = new EnumMap<>(Arithmetic.Kind.class);
		for (Arithmetic.Kind k : Arithmetic.Kind.values()) products.put(k, productNanos[k.ordinal()] * 1e-9);
		List<StageCost.Block> list = new ArrayList<>();
		for (Map.Entry<String, long[]> e : blocks.entrySet())
			list.add(new StageCost.Block(e.getKey(), e.getValue()[0] * 1e-9,
				Arithmetic.of(Arrays.copyOfRange(e.getValue(), 1, 1 + KINDS))));
		return new StageCost(seconds, arithmetic, products, list);
	}

	/** Waits for the device to finish {@code array}; free on the CPU, where operations run synchronously. */
	static void await(NDArray array) {
		if (array.getDevice().isGpu()) array.get(0).sum().toType(DataType.FLOAT32, false).getFloat();
	}
}
