package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.diffncut.model.Arithmetic;
import org.diffncut.model.CaptureTimes;
import org.diffncut.model.CaptureTimes.Stage;
import org.diffncut.model.StageCost;

/**
 * Prints the stages of several capture runs against their arithmetic floor: per stage its GFLOP, the min–max over
 * the runs of its seconds, of its seconds in reference products and of its ratio to the floor, time ÷ (FLOPs ÷
 * reference rate). With blocks, the same for each block and each kind of product of the VAE and the UNet (min over
 * the runs).
 */
final class FloorTable {
	private final PrintWriter out;
	private final double reference, rate;

	/** @param reference seconds of the reference product; {@code rate} its FLOP/s */
	FloorTable(PrintWriter out, double reference, double rate) {
		this.out = out;
		this.reference = reference;
		this.rate = rate;
	}

	void print(List<CaptureTimes> runs, boolean blocks) {
		out.printf(Locale.ROOT, "per image over %d run%s %10s %15s %15s %13s%n", runs.size(), runs.size() == 1 ? " " : "s",
			"GFLOP", "seconds", "x reference", "x floor");
		for (Stage stage : Stage.values()) {
			List<StageCost> ran = new ArrayList<>();
			for (CaptureTimes t : runs)
				if (t.cost(stage).seconds() > 0 && (stage != Stage.TEXT || t.cost(stage).arithmetic().total() > 0))
					ran.add(t.cost(stage));
			if (ran.isEmpty()) continue;
			row(stage + (stage == Stage.TEXT ? " (once)" : ""), ran.get(0).arithmetic().total(),
				ran.stream().mapToDouble(StageCost::seconds).toArray());
		}
		double[] image = runs.stream().mapToDouble(t -> t.vae() + t.unet() + t.aggregation()).toArray();
		Arithmetic last = runs.get(runs.size() - 1).arithmetic();
		row("image (VAE+UNet+aggregation)", last.total() - runs.get(runs.size() - 1).cost(Stage.TEXT).arithmetic().total(),
			image);
		for (Stage stage : new Stage[] { Stage.TEXT, Stage.VAE, Stage.UNET, Stage.AGGREGATION }) {
			Arithmetic a = runs.stream().map(t -> t.cost(stage).arithmetic()).filter(x -> x.total() > 0).findFirst()
				.orElse(Arithmetic.NONE);
			if (a.total() > 0) out.printf(Locale.ROOT, "  %s arithmetic: %s%n", stage, a);
		}
		if (blocks)
			for (Stage stage : new Stage[] { Stage.VAE, Stage.UNET }) blocks(stage, runs);
	}

	private void blocks(Stage stage, List<CaptureTimes> runs) {
		out.printf(Locale.ROOT, "%s by kind of product (min over runs) %9s %9s %9s%n", stage, "GFLOP", "seconds",
			"x floor");
		Arithmetic a = runs.get(0).cost(stage).arithmetic();
		for (Arithmetic.Kind kind : Arithmetic.Kind.values())
			line("  " + kind, a.flops(kind), min(runs, t -> t.cost(stage).productSeconds().getOrDefault(kind, 0.0)));
		line("  other (norms, activations, softmax, copies)", 0, min(runs, t -> {
			StageCost c = t.cost(stage);
			return c.seconds() - c.productSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
		}));
		out.printf(Locale.ROOT, "%s by block (min over runs) %9s %9s %9s%n", stage, "GFLOP", "seconds", "x floor");
		Map<String, double[]> best = new LinkedHashMap<>(); // name → GFLOP, min seconds
		for (CaptureTimes t : runs)
			for (StageCost.Block b : t.cost(stage).blocks())
				best.merge(b.name(), new double[] { b.arithmetic().total(), b.seconds() },
					(x, y) -> new double[] { x[0], Math.min(x[1], y[1]) });
		best.forEach((name, v) -> line("  " + name, (long) v[0], v[1]));
	}

	private static double min(List<CaptureTimes> runs, ToDoubleFunction<CaptureTimes> f) {
		return runs.stream().mapToDouble(f).min().orElse(0);
	}

	private void line(String name, long flops, double seconds) {
		out.printf(Locale.ROOT, "%-45s %9.1f %9.3f %9s%n", name, flops * 1e-9, seconds, ratio(seconds, flops));
	}

	private void row(String name, long flops, double[] seconds) {
		double lo = Double.MAX_VALUE, hi = 0;
		for (double s : seconds) {
			lo = Math.min(lo, s);
			hi = Math.max(hi, s);
		}
		out.printf(Locale.ROOT, "  %-30s %8.1f %15s %15s %13s%n", name, flops * 1e-9, range(lo, hi, "%.2f"),
			range(lo / reference, hi / reference, "%.2f"),
			flops > 0 ? range(lo * rate / flops, hi * rate / flops, "%.2f") : "-");
	}

	private String ratio(double seconds, long flops) {
		return flops > 0 ? String.format(Locale.ROOT, "%.2f", seconds * rate / flops) : "-";
	}

	private static String range(double lo, double hi, String format) {
		String a = String.format(Locale.ROOT, format, lo), b = String.format(Locale.ROOT, format, hi);
		return a.equals(b) ? a : a + " - " + b;
	}
}
