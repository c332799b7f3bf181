package org.diffncut.attention;

import java.util.Locale;

import org.diffncut.model.AttentionLayer;

/** Which UNet self-attention layers take part in P. */
public enum LayerSet {
	/** All of them (16 in SD 1.x): DiffSeg's choice. */
	ALL,
	/** The decoder (up blocks) and the mid block (10 in SD 1.x). */
	DECODER;

	public boolean includes(AttentionLayer layer) {
		return this == ALL || layer.part() != AttentionLayer.Part.DOWN;
	}

	/** "all" or "decoder", any case. */
	public static LayerSet parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("layers '" + name + "': use all or decoder");
		}
	}
}
