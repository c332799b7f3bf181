package org.diffncut.model;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Receives one image's self-attention probability maps while the UNet runs, one layer at a time and each layer in
 * blocks of query rows, so that no layer's whole map ever exists. The model calls {@link #begin} once per capture
 * pass (again if the pass is restarted on another device), then {@link #accept} for the row blocks of each layer
 * that {@link #wants}, in forward order, then {@link #end}. In a batch each image has its own sink.
 * <p>
 * Arrays passed in are valid during the call only and must not be modified. Arrays the sink keeps across calls must
 * be created on (or attached to) the manager given to {@code begin} and unregistered from any open
 * {@link ai.djl.ndarray.NDScope}. Implementations are used from one thread.
 */
public interface AttentionSink {
	/**
	 * Starts a pass over {@code layers} (every self-attention layer, forward order, with its grid at this working
	 * resolution); {@code manager} lives until after {@link #end} and is on the device of the pass.
	 */
	void begin(NDManager manager, List<AttentionLayer> layers);

	/** Whether {@code layer}'s map is needed; the model skips the head mean of layers nobody wants. */
	boolean wants(AttentionLayer layer);

	/**
	 * Rows {@code firstQuery} to {@code firstQuery + r - 1} of the float32 (N, N) mean over heads of {@code layer}'s
	 * probabilities [query, key], as (r, N); rows sum to 1. A layer's blocks come in query order and cover all N rows.
	 */
	void accept(AttentionLayer layer, int firstQuery, NDArray rows);

	/** Ends the pass: copy results out of NDArrays here, before the pass's manager closes. */
	void end();
}
