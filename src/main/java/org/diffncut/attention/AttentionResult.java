package org.diffncut.attention;

import java.util.Map;

import org.diffncut.image.Window;
import org.diffncut.model.AttentionLayer;
import org.diffncut.model.CaptureTimes;

/** What {@link AttentionExtractor#extract} produces for one image. */
public final class AttentionResult {
	private final TransitionMatrix transitions;
	private final Window window;
	private final Map<AttentionLayer, Double> layerWeights;
	private final CaptureTimes times;

	AttentionResult(TransitionMatrix transitions, Window window, Map<AttentionLayer, Double> layerWeights,
		CaptureTimes times)
	{
		this.transitions = transitions;
		this.window = window;
		this.layerWeights = layerWeights;
		this.times = times;
	}

	/** P over the finest chosen attention grid (64×64 by default). */
	public TransitionMatrix transitions() {
		return transitions;
	}

	/** The region of the original image the grid covers. */
	public Window window() {
		return window;
	}

	/** The layers that took part and their weights in P (summing to 1), in UNet forward order. */
	public Map<AttentionLayer, Double> layerWeights() {
		return layerWeights;
	}

	public CaptureTimes times() {
		return times;
	}
}
