package org.diffncut.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Wall-clock seconds per stage, in the order the stages ran. */
public final class Timings {
	private final Map<String, Double> seconds = new LinkedHashMap<>();

	/** Runs {@code stage} and adds its time under {@code name}. */
	public <T> T time(String name, Supplier<T> stage) {
		long start = System.nanoTime();
		try {
			return stage.get();
		}
		finally {
			add(name, (System.nanoTime() - start) / 1e9);
		}
	}

	public void add(String name, double s) {
		seconds.merge(name, s, Double::sum);
	}

	public void addAll(Timings other) {
		other.seconds.forEach(this::add);
	}

	public Map<String, Double> seconds() {
		return Collections.unmodifiableMap(seconds);
	}

	public double total() {
		return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/** "graph 0.52 s, ncut 0.31 s, upsample 0.04 s". */
	@Override
	public String toString() {
		StringBuilder b = new StringBuilder();
		seconds.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.2f s", v)));
		return b.toString();
	}
}
