package org.diffncut.model;

import java.util.Objects;

/**
 * One self-attention ({@code attn1}) layer of the UNet, named as in diffusers
 * ({@code up_blocks.3.attentions.2.transformer_blocks.0.attn1}), with the latent grid it attends over at a given
 * working resolution: its probability maps are N×N with N = gridHeight·gridWidth, token index {@code row·W + col}.
 */
public final class AttentionLayer {
	/** Where in the UNet the layer sits: encoder (down blocks), bottleneck (mid block) or decoder (up blocks). */
	public enum Part { DOWN, MID, UP }

	private final String name;
	private final Part part;
	private final int gridHeight, gridWidth;

	public AttentionLayer(String name, Part part, int gridHeight, int gridWidth) {
		this.name = Objects.requireNonNull(name);
		this.part = Objects.requireNonNull(part);
		this.gridHeight = gridHeight;
		this.gridWidth = gridWidth;
	}

	public String name() { return name; }
	public Part part() { return part; }
	public int gridHeight() { return gridHeight; }
	public int gridWidth() { return gridWidth; }

	/** N, the number of tokens. */
	public int tokens() {
		return gridHeight * gridWidth;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof AttentionLayer)) return false;
		AttentionLayer l = (AttentionLayer) o;
		return name.equals(l.name) && part == l.part && gridHeight == l.gridHeight && gridWidth == l.gridWidth;
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, part, gridHeight, gridWidth);
	}

	@Override
	public String toString() {
		return name + " (" + gridHeight + "x" + gridWidth + ")";
	}
}
