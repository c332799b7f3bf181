package org.diffncut.eval;

import java.util.Locale;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** The result of an {@link Evaluator}: the three averaging modes and the global IoU of each class. */
public final class Evaluation {
	private final int images;
	private final Scores global, perImage, merged;
	private final double[] perClassIou;

	public Evaluation(int images, Scores global, Scores perImage, Scores merged, double[] perClassIou) {
		this.images = images;
		this.global = global;
		this.perImage = perImage;
		this.merged = merged;
		this.perClassIou = perClassIou.clone();
	}

	/** Number of image pairs evaluated (those without a valid pixel included). */
	public int images() { return images; }
	public Scores global() { return global; }
	public Scores perImage() { return perImage; }
	public Scores merged() { return merged; }

	/** Global IoU of class c; NaN if the class never occurs in ground truth nor in its matched segments. */
	public double iou(int c) { return perClassIou[c]; }

	public int classes() { return perClassIou.length; }

	/**
	 * {@code {"images": n, "global": {"accuracy": a, "f1": f, "miou": m}, "per_image": {…}, "merged": {…},
	 * "per_class_iou": [C numbers or null]}}, values as fractions in [0, 1], null where undefined.
	 */
	public String toJson() {
		JsonObject root = new JsonObject();
		root.addProperty("images", images);
		root.add("global", json(global));
		root.add("per_image", json(perImage));
		root.add("merged", json(merged));
		JsonArray iou = new JsonArray();
		for (double x : perClassIou) iou.add(number(x));
		root.add("per_class_iou", iou);
		return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(root) + "\n";
	}

	/** Rows global, per image, merged; columns Acc, F1, mIoU in percent. */
	public String table() {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %7s %7s %7s%n", "", "Acc", "F1", "mIoU"));
		row(s, "global", global);
		row(s, "per-image", perImage);
		row(s, "merged", merged);
		return s.toString();
	}

	private static void row(StringBuilder s, String name, Scores scores) {
		s.append(String.format(Locale.ROOT, "%-10s %7.2f %7.2f %7.2f%n", name, 100 * scores.accuracy(),
			100 * scores.f1(), 100 * scores.miou()));
	}

	private static JsonObject json(Scores s) {
		JsonObject o = new JsonObject();
		o.add("accuracy", number(s.accuracy()));
		o.add("f1", number(s.f1()));
		o.add("miou", number(s.miou()));
		return o;
	}

	private static JsonElement number(double x) {
		return Double.isNaN(x) ? JsonNull.INSTANCE : new JsonPrimitive(x);
	}
}
