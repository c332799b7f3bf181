package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class EvaluationTest {

	@Test
	void jsonHasTheDocumentedShape() {
		Evaluation r = new Evaluation(3, new Scores(0.5, 0.25, 0.125), new Scores(1, 1, 1), Scores.UNDEFINED,
			new double[] { 0.75, Double.NaN });
		JsonObject o = JsonParser.parseString(r.toJson()).getAsJsonObject();
		assertEquals(Set.of("images", "global", "per_image", "merged", "per_class_iou"), o.keySet());
		assertEquals(3, o.get("images").getAsInt());
		JsonObject global = o.getAsJsonObject("global");
		assertEquals(Set.of("accuracy", "f1", "miou"), global.keySet());
		assertEquals(0.5, global.get("accuracy").getAsDouble());
		assertEquals(0.25, global.get("f1").getAsDouble());
		assertEquals(0.125, global.get("miou").getAsDouble());
		assertTrue(o.getAsJsonObject("merged").get("miou").isJsonNull());
		assertEquals(0.75, o.getAsJsonArray("per_class_iou").get(0).getAsDouble());
		assertTrue(o.getAsJsonArray("per_class_iou").get(1).isJsonNull());
	}

	@Test
	void tableInPercent() {
		String table = new Evaluation(1, new Scores(0.741, 0.608, 0.466), new Scores(1, 1, 1),
			new Scores(0, 0, 0), new double[1]).table();
		assertTrue(table.contains("global       74.10   60.80   46.60"), table);
		assertTrue(table.contains("per-image   100.00  100.00  100.00"), table);
		assertTrue(table.contains("merged        0.00    0.00    0.00"), table);
	}
}
