package org.diffncut.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Passes maps on to a sink and adds up the time spent in it, so the UNet's time excludes the aggregation's. */
final class TimedSink implements AttentionSink {
	private final AttentionSink sink;
	private long nanos;

	TimedSink(AttentionSink sink) {
		this.sink = sink;
	}

	/** Seconds spent in the wrapped sink so far. */
	double seconds() {
		return nanos * 1e-9;
	}

	@Override
	public void begin(NDManager manager, List<AttentionLayer> layers) {
		long t = System.nanoTime();
		sink.begin(manager, layers);
		nanos += System.nanoTime() - t;
	}

	@Override
	public boolean wants(AttentionLayer layer) {
		return sink.wants(layer);
	}

	@Override
	public void accept(AttentionLayer layer, NDArray headMean) {
		long t = System.nanoTime();
		sink.accept(layer, headMean);
		nanos += System.nanoTime() - t;
	}

	@Override
	public void end() {
		long t = System.nanoTime();
		sink.end();
		nanos += System.nanoTime() - t;
	}
}
