package org.diffncut.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stage of a capture took: wall-clock seconds and the {@link Arithmetic} its layers ran. When the model
 * profiles ({@link StableDiffusion#profile}), also the seconds of each block and of each kind of dense product;
 * what a block or stage spends beyond its products goes to norms, activations, softmax and copies.
 */
public final class StageCost {
	/** One block of a stage (a diffusers module such as {@code down_blocks.0.resnets.1}): seconds and arithmetic. */
	public static final class Block {
		private final String name;
		private final double seconds;
		private final Arithmetic arithmetic;

		Block(String name, double seconds, Arithmetic arithmetic) {
			this.name = name;
			this.seconds = seconds;
			this.arithmetic = arithmetic;
		}

		public String name() { return name; }
		public double seconds() { return seconds; }
		public Arithmetic arithmetic() { return arithmetic; }
	}

	private final double seconds;
	private final Arithmetic arithmetic;
	private final Map<Arithmetic.Kind, Double> productSeconds;
	private final List<Block> blocks;

	/** A stage that was not profiled. */
	public StageCost(double seconds, Arithmetic arithmetic) {
		this(seconds, arithmetic, Collections.emptyMap(), Collections.emptyList());
	}

	StageCost(double seconds, Arithmetic arithmetic, Map<Arithmetic.Kind, Double> productSeconds, List<Block> blocks) {
		this.seconds = seconds;
		this.arithmetic = arithmetic;
		this.productSeconds = productSeconds.isEmpty() ? Collections.emptyMap() :
			Collections.unmodifiableMap(new EnumMap<>(productSeconds));
		this.blocks = List.copyOf(blocks);
	}

	public double seconds() {
		return seconds;
	}

	public Arithmetic arithmetic() {
		return arithmetic;
	}

	/** Seconds in the products of each kind; empty unless profiled. */
	public Map<Arithmetic.Kind, Double> productSeconds() {
		return productSeconds;
	}

	/** Blocks in the order they first ran (repeated passes, as DDIM inversion's, add up); empty unless profiled. */
	public List<Block> blocks() {
		return blocks;
	}

	/** The same stage taking {@code more} seconds (preparation or post-processing that belongs to it). */
	public StageCost plusSeconds(double more) {
		return new StageCost(seconds + more, arithmetic, productSeconds, blocks);
	}

	/** This stage and {@code other} together (two parts of a batch): figures add up, blocks by name. */
	public StageCost plus(StageCost other) {
		Map<Arithmetic.Kind, Double> products = new EnumMap<>(Arithmetic.Kind.class);
		products.putAll(productSeconds);
		other.productSeconds.forEach((k, s) -> products.merge(k, s, Double::sum));
		Map<String, Block> b = new LinkedHashMap<>();
		for (Block x : blocks) b.put(x.name, x);
		for (Block x : other.blocks)
			b.merge(x.name, x, (p, q) -> new Block(p.name, p.seconds + q.seconds, p.arithmetic.plus(q.arithmetic)));
		return new StageCost(seconds + other.seconds, arithmetic.plus(other.arithmetic), products,
			new ArrayList<>(b.values()));
	}

	/** One image's share of a stage run for a batch of {@code n}: every figure divided by n. */
	public StageCost share(int n) {
		if (n == 1) return this;
		Map<Arithmetic.Kind, Double> products = new EnumMap<>(Arithmetic.Kind.class);
		productSeconds.forEach((k, s) -> products.put(k, s / n));
		List<Block> b = new ArrayList<>();
		for (Block x : blocks) b.add(new Block(x.name, x.seconds / n, x.arithmetic.share(n)));
		return new StageCost(seconds / n, arithmetic.share(n), products, b);
	}
}
