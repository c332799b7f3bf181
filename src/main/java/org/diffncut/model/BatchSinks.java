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
		boolean[] wants = new boolean[sinks.size()]; // asked once a layer, not once a query block
		boolean any = false;
		for (int i = 0; i < wants.length; i++) any |= wants[i] = sinks.get(i).wants(layer);
		if (!any) return null;
		return (image, firstQuery, rows) -> {
			if (!wants[image]) return;
			long t = System.nanoTime();
			sinks.get(image).accept(layer, firstQuery, rows);
			spent(t);
		};
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
