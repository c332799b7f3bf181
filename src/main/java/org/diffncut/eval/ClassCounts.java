package org.diffncut.eval;

import java.io.Serializable;

/**
 * Per-class pixel counts of a matched prediction: true positives tp(c), false positives fp(c), false negatives
 * fn(c), and the number of valid pixels. Counts of several images add up ({@link #plus}) for the global scores.
 */
public final class ClassCounts implements Serializable {
	private static final long serialVersionUID = 1L;

	private final long[] tp, fp, fn;
	private final long valid;

	/** Takes ownership of the arrays (same length C). */
	public ClassCounts(long[] tp, long[] fp, long[] fn, long valid) {
		if (fp.length != tp.length || fn.length != tp.length) throw new IllegalArgumentException(
			"tp, fp, fn differ in length");
		this.tp = tp;
		this.fp = fp;
		this.fn = fn;
		this.valid = valid;
	}

	/** All zero, for C classes: the start of a sum. */
	public static ClassCounts zero(int classes) {
		return new ClassCounts(new long[classes], new long[classes], new long[classes], 0);
	}

	public int classes() { return tp.length; }
	public long tp(int c) { return tp[c]; }
	public long fp(int c) { return fp[c]; }
	public long fn(int c) { return fn[c]; }
	public long valid() { return valid; }

	public ClassCounts plus(ClassCounts other) {
		if (other.classes() != classes()) throw new IllegalArgumentException(other.classes() + " classes, not " +
			classes());
		long[] t = tp.clone(), p = fp.clone(), n = fn.clone();
		for (int c = 0; c < t.length; c++) {
			t[c] += other.tp[c];
			p[c] += other.fp[c];
			n[c] += other.fn[c];
		}
		return new ClassCounts(t, p, n, valid + other.valid);
	}

	/** IoU(c) = tp / (tp + fp + fn), NaN when the denominator is 0 (class neither present nor predicted). */
	public double iou(int c) {
		long d = tp[c] + fp[c] + fn[c];
		return d == 0 ? Double.NaN : (double) tp[c] / d;
	}

	/** F1(c) = 2 tp / (2 tp + fp + fn), NaN when the denominator is 0. */
	public double f1(int c) {
		long d = 2 * tp[c] + fp[c] + fn[c];
		return d == 0 ? Double.NaN : 2.0 * tp[c] / d;
	}

	/**
	 * Accuracy Σtp / valid, mIoU and F1 as the means of {@link #iou} and {@link #f1} over the classes where they
	 * are defined. All NaN without a valid pixel.
	 */
	public Scores scores() {
		long sumTp = 0;
		double sumIou = 0, sumF1 = 0;
		int defined = 0;
		for (int c = 0; c < tp.length; c++) {
			sumTp += tp[c];
			if (tp[c] + fp[c] + fn[c] == 0) continue;
			sumIou += iou(c);
			sumF1 += f1(c);
			defined++;
		}
		if (valid == 0) return Scores.UNDEFINED;
		return new Scores((double) sumTp / valid, sumF1 / defined, sumIou / defined);
	}
}
