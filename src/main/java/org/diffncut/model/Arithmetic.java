package org.diffncut.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Floating-point operations of the dense products of a stage, by kind, counted from the shapes the layers ran (a
 * multiply-add is 2): convolutions 2·B·C_out·H_out·W_out·C_in·k², linear layers 2·rows·in·out, attention 4·B·T·S·C
 * (the score product QKᵀ and the value product PV over all heads). Norms, activations, softmax and copies are not
 * counted: they are the overhead a stage's time shows against the arithmetic floor. Immutable.
 */
public final class Arithmetic {
	public enum Kind {
		CONVOLUTION("convolution"), LINEAR("linear"), ATTENTION("attention");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		@Override
		public String toString() {
			return label;
		}
	}

	public static final Arithmetic NONE = new Arithmetic(new long[Kind.values().length]);

	private final long[] flops;

	private Arithmetic(long[] flops) {
		this.flops = flops;
	}

	/** Counts by {@link Kind} ordinal. */
	static Arithmetic of(long[] byKind) {
		if (byKind.length != Kind.values().length) throw new IllegalArgumentException("one count per kind");
		return new Arithmetic(byKind.clone());
	}

	/** Only {@code flops} of {@code kind}. */
	public static Arithmetic of(Kind kind, long flops) {
		long[] f = new long[Kind.values().length];
		f[kind.ordinal()] = flops;
		return new Arithmetic(f);
	}

	public long flops(Kind kind) {
		return flops[kind.ordinal()];
	}

	public long total() {
		return Arrays.stream(flops).sum();
	}

	public Arithmetic plus(Arithmetic other) {
		long[] f = flops.clone();
		for (int i = 0; i < f.length; i++) f[i] += other.flops[i];
		return new Arithmetic(f);
	}

	/** Each count divided by {@code n} (an image's share of a batch of n). */
	public Arithmetic share(int n) {
		long[] f = flops.clone();
		for (int i = 0; i < f.length; i++) f[i] /= n;
		return new Arithmetic(f);
	}

	/** "1117.0 GFLOP (convolution 1074.4, linear 8.6, attention 34.4)" */
	@Override
	public String toString() {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.1f GFLOP (", total() * 1e-9));
		for (Kind k : Kind.values())
			s.append(k.ordinal() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %.1f", k, flops(k) * 1e-9));
		return s.append(')').toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Arithmetic && Arrays.equals(flops, ((Arithmetic) o).flops);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(flops);
	}
}
