package org.diffncut.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The attention sinks of a batch, one per image in batch order, as the UNet sees them: a layer's head mean is
 * computed when any sink wants it and goes to each sink that does. The time spent in the sinks is the aggregation's:
 * it is added up here and taken out of the stage's and its blocks' times ({@link Meter#exclude}).
 */
final class BatchSinks {
	private final List<AttentionSink> sinks;
	private final Meter meter;
	private long nanos;

	BatchSinks(List<AttentionSink> sinks, Meter meter) {
		this.sinks = List.copyOf(sinks);
		this.meter = meter;
	}

	/** Seconds spent in the sinks so far. */
	double seconds() {
		return nanos * 1e-9;
	}

	void begin(NDManager manager, List<AttentionLayer> layers) {
		long t = System.nanoTime();
		for (AttentionSink s : sinks) s.begin(manager, layers);
		spent(t);
	}

	/** Where {@code layer}'s head means go, or null when no sink wants them. */
	MultiHeadAttention.HeadMeans headMeans(AttentionLayer layer) {
		boolean wanted = false;
		for (AttentionSink s : sinks) wanted |= s.wants(layer);
		if (!wanted) return null;
		return (image, firstQuery, rows) -> accept(sinks.get(image), layer, firstQuery, rows);
	}

	private void accept(AttentionSink sink, AttentionLayer layer, int firstQuery, NDArray rows) {
		if (!sink.wants(layer)) return;
		long t = System.nanoTime();
		sink.accept(layer, firstQuery, rows);
		spent(t);
	}

	void end() {
		long t = System.nanoTime();
		for (AttentionSink s : sinks) s.end();
		spent(t);
	}

	private void spent(long since) {
		long d = System.nanoTime() - since;
		nanos += d;
		meter.exclude(d);
	}
}
