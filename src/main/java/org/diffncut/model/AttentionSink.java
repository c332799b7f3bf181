package org.diffncut.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Receives self-attention probability maps while the UNet runs, one layer at a time, so the maps of all layers are
 * never held together. The model calls {@link #begin} once per capture pass (again if the pass is restarted on
 * another device), then {@link #accept} for each layer that {@link #wants}, in forward order, then {@link #end}.
 * <p>
 * Arrays passed in are valid during the call only. Arrays the sink keeps across calls must be created on (or
 * attached to) the manager given to {@code begin} and unregistered from any open {@link ai.djl.ndarray.NDScope}.
 * Implementations are used from one thread.
 */
public interface AttentionSink {
	/**
	 * Starts a pass over {@code layers} (every self-attention layer, forward order, with its grid at this working
	 * resolution); {@code manager} lives until after {@link #end} and is on the device of the pass.
	 */
	void begin(NDManager manager, List<AttentionLayer> layers);

	/** Whether {@code layer}'s map is needed; the model skips the head mean of layers nobody wants. */
	boolean wants(AttentionLayer layer);

	/** The float32 (N, N) mean over heads of {@code layer}'s probabilities [query, key]; rows sum to 1. */
	void accept(AttentionLayer layer, NDArray headMean);

	/** Ends the pass: copy results out of NDArrays here, before the pass's manager closes. */
	void end();
}
