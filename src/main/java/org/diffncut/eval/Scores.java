package org.diffncut.eval;

import java.util.Locale;

/** Pixel accuracy, mean F1 and mean IoU, as fractions in [0, 1]; NaN where undefined (no valid pixel). */
public final class Scores {
	public static final Scores UNDEFINED = new Scores(Double.NaN, Double.NaN, Double.NaN);

	private final double accuracy, f1, miou;

	public Scores(double accuracy, double f1, double miou) {
		this.accuracy = accuracy;
		this.f1 = f1;
		this.miou = miou;
	}

	public double accuracy() { return accuracy; }
	public double f1() { return f1; }
	public double miou() { return miou; }

	public boolean isDefined() {
		return !Double.isNaN(accuracy);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "acc %.4f, F1 %.4f, mIoU %.4f", accuracy, f1, miou);
	}
}
