package org.diffncut.pipeline;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.ncut.SplitTree;

/**
 * The metadata a saved split tree carries so that a later re-cut makes labels without the model: the attention
 * file P was saved in, the walk the tree was cut on (graph and steps), the rule it was cut with, and where the grid
 * lies on the image ({@link GridPlacement}).
 */
public final class TreeRecord {
	public static final String ATTENTION = "attention", STOP = "stop";

	private TreeRecord() {}

	/** The record of a tree cut from {@code p}, saved in {@code attention}, with {@code options}, placed as given. */
	public static Map<String, String> of(Path attention, TransitionMatrix p, CutOptions options, GridPlacement placement) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put(ATTENTION, attention.toAbsolutePath().normalize().toString());
		m.put(SplitTree.GRAPH, options.graph().id());
		m.put(SplitTree.STEPS, Integer.toString(options.steps()));
		m.put(STOP, options.stop().spec());
		m.putAll(placement.metadata(p));
		return m;
	}

	/** The attention file {@code record} names, or null. */
	public static Path attention(Map<String, String> record) {
		String a = record.get(ATTENTION);
		return a == null ? null : Paths.get(a);
	}

	/** The walk's steps {@code record} gives (checked when the tree was read), 1 if none. */
	public static int steps(Map<String, String> record) {
		return Integer.parseInt(record.getOrDefault(SplitTree.STEPS, "1").trim());
	}
}
