package org.diffncut.ncut;

import java.util.Locale;

/**
 * Decides whether a sub-graph stays a segment instead of being split along its best cut. Rules read only the
 * sub-graph's {@link CutStatistics}, so any rule can be applied again to a kept {@link SplitTree}.
 */
public interface StoppingRule {
	/** True to keep the sub-graph whole. */
	boolean stop(CutStatistics s);

	/** The command-line form: {@code manc-ncut}, {@code manc-mincut} or {@code ncut:TAU}. */
	String spec();

	/** MAN-C with NCut: stop when NCut ≥ nT/(2m) of the sub-graph. The default. */
	StoppingRule MANC_NCUT = new StoppingRule() {
		@Override
		public boolean stop(CutStatistics s) {
			return !(s.ncut() < s.mancBound());
		}

		@Override
		public String spec() {
			return "manc-ncut";
		}
	};

	/** MAN-C with scaled min-cut: stop when cut/T ≥ nT/(2m). */
	StoppingRule MANC_MINCUT = new StoppingRule() {
		@Override
		public boolean stop(CutStatistics s) {
			return !(s.scaledCut() < s.mancBound());
		}

		@Override
		public String spec() {
			return "manc-mincut";
		}
	};

	/** Shi & Malik's fixed threshold: stop when NCut ≥ τ. */
	static StoppingRule ncut(double tau) {
		if (!(tau >= 0)) throw new IllegalArgumentException("NCut threshold must be ≥ 0, got " + tau);
		return new StoppingRule() {
			@Override
			public boolean stop(CutStatistics s) {
				return !(s.ncut() < tau);
			}

			@Override
			public String spec() {
				return "ncut:" + tau;
			}
		};
	}

	/** Stops only where both rules stop: a tree grown with it can be re-cut exactly with either. */
	default StoppingRule and(StoppingRule other) {
		StoppingRule self = this;
		return new StoppingRule() {
			@Override
			public boolean stop(CutStatistics s) {
				return self.stop(s) && other.stop(s);
			}

			@Override
			public String spec() {
				return self.spec() + "+" + other.spec();
			}
		};
	}

	/** Parses {@link #spec()} forms, including {@code a+b} for {@link #and}. */
	static StoppingRule parse(String spec) {
		String s = spec.trim().toLowerCase(Locale.ROOT);
		int plus = s.indexOf('+');
		if (plus >= 0) return parse(s.substring(0, plus)).and(parse(s.substring(plus + 1)));
		if (s.equals("manc-ncut")) return MANC_NCUT;
		if (s.equals("manc-mincut")) return MANC_MINCUT;
		if (s.startsWith("ncut:")) {
			try {
				return ncut(Double.parseDouble(s.substring(5)));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("bad NCut threshold in '" + spec + "': use e.g. ncut:0.3");
			}
		}
		throw new IllegalArgumentException("unknown stopping rule '" + spec + "': use manc-ncut, manc-mincut or ncut:TAU");
	}
}
