package org.diffncut.graph;

import java.util.Locale;

/** How the cut sees the attention random walk. */
public enum GraphKind {
	/** A = Pᵏ(Pᵏ)ᵀ: two cells are alike when their k-step walks land in the same places. The default. */
	DOT,
	/** A = cosine similarity of the rows of Pᵏ, clamped at 0. */
	COSINE,
	/** Pᵏ itself, a non-symmetric random walk, cut through its stationary flow. */
	WALK;

	/** The command-line name: dot, cosine, walk. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static GraphKind parse(String id) {
		for (GraphKind k : values())
			if (k.id().equalsIgnoreCase(id.trim())) return k;
		throw new IllegalArgumentException("unknown graph '" + id + "': use dot, cosine or walk");
	}
}
