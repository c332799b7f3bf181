package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.diffncut.eval.ScoreCsv;
import org.diffncut.eval.TestPngs;
import org.diffncut.io.LabelPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** End to end through {@link DiffNCut#execute}; expected numbers from EvaluatorTest.threeModesOverTwoImages. */
class EvaluateCommandTest {
	@TempDir
	Path dir;

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(String... args) {
		return DiffNCut.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	/** Images A and B of EvaluatorTest.threeModesOverTwoImages: 8-bit ground truth, 16-bit predictions. */
	private void twoImages(Path pred, Path gt) throws IOException {
		TestPngs.gray8(gt.resolve("A.png"), 4, 2, 0, 0, 0, 0, 1, 1, 1, 1);
		LabelPng.write(pred.resolve("A.png"), new short[] { 0, 0, 1, 1, 2, 2, 3, 3 }, 4, 2);
		TestPngs.gray8(gt.resolve("B.png"), 2, 2, 0, 0, 1, 1);
		LabelPng.write(pred.resolve("B.png"), new short[4], 2, 2);
	}

	@Test
	void tableAndJson() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt"), json = dir.resolve("scores.json");
		twoImages(pred, gt);
		TestPngs.gray8(gt.resolve("C.png"), 1, 1, 0); // ground truth without a prediction: warned, skipped
		assertEquals(0, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2",
			"--json", json.toString()), err::toString);
		// global (1/2, 7/12, 5/12), per image (1/2, 1/2, 3/8), merged (3/4, 2/3, 5/8), in percent
		assertTrue(out.toString().contains("global       50.00   58.33   41.67"), out::toString);
		assertTrue(out.toString().contains("per-image    50.00   50.00   37.50"), out::toString);
		assertTrue(out.toString().contains("merged       75.00   66.67   62.50"), out::toString);
		assertEquals("diffncut: warning: 1 ground-truth file(s) in " + gt + " have no prediction and are not " +
			"evaluated", err.toString().trim());

		JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		assertEquals(2, o.get("images").getAsInt());
		assertEquals(7.0 / 12, o.getAsJsonObject("global").get("f1").getAsDouble(), 1e-15);
		assertEquals(3.0 / 8, o.getAsJsonObject("per_image").get("miou").getAsDouble(), 1e-15);
		assertEquals(0.75, o.getAsJsonObject("merged").get("accuracy").getAsDouble(), 1e-15);
		assertEquals(2, o.getAsJsonArray("per_class_iou").size());
		assertEquals(1.0 / 3, o.getAsJsonArray("per_class_iou").get(1).getAsDouble(), 1e-15);
	}

	@Test
	void perImageCsv() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt"), csv = dir.resolve("images.csv");
		twoImages(pred, gt);
		assertEquals(0, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2",
			"--csv", csv.toString()), err::toString);
		assertEquals(List.of(ScoreCsv.HEADER, "A.png,8,0.500000,0.666667,0.500000,1.000000,1.000000,1.000000",
			"B.png,4,0.500000,0.333333,0.250000,0.500000,0.333333,0.250000"), Files.readAllLines(csv));
	}

	@Test
	void predictionOfAnotherSizeIsResizedWithAWarning() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt");
		// Prediction at twice the size: nearest-neighbour sampling of (2x+1) maps back to the same ids.
		TestPngs.gray8(gt.resolve("A.png"), 4, 1, 0, 0, 1, 1);
		LabelPng.write(pred.resolve("A.png"), new short[] { 3, 3, 3, 3, 5, 5, 5, 5, 3, 3, 3, 3, 5, 5, 5, 5 }, 8, 2);
		assertEquals(0, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2"));
		assertTrue(out.toString().contains("global      100.00  100.00  100.00"), out::toString);
		assertEquals("diffncut: warning: A.png: prediction 8x2 resized nearest-neighbour to the ground truth's 4x1",
			err.toString().trim());
	}

	@Test
	void missingGroundTruthIsAOneLineError() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt");
		twoImages(pred, gt);
		Files.delete(gt.resolve("B.png"));
		assertEquals(1, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2"));
		assertEquals("diffncut: no ground truth " + gt.resolve("B.png") + " for prediction B.png: predictions " +
			"and ground truth must have the same file names", err.toString().trim());
		assertEquals("", out.toString());
	}

	@Test
	void mismatchedNamesAreAOneLineError() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt");
		LabelPng.write(pred.resolve("frankfurt_000000_000294.png"), new short[1], 1, 1);
		LabelPng.write(pred.resolve("frankfurt_000000_000576.png"), new short[1], 1, 1);
		TestPngs.gray8(gt.resolve("frankfurt_000000_000294_gtFine_labelIds.png"), 1, 1, 7);
		assertEquals(1, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "27"));
		assertEquals("diffncut: no ground truth " + gt.resolve("frankfurt_000000_000294.png") + " for prediction " +
			"frankfurt_000000_000294.png (nor for 1 other predictions): predictions and ground truth must have " +
			"the same file names", err.toString().trim());
	}

	@Test
	void colourPngIsRefused() throws IOException {
		Path pred = dir.resolve("pred"), gt = dir.resolve("gt");
		TestPngs.gray8(gt.resolve("A.png"), 2, 1, 0, 1);
		TestPngs.rgb(pred.resolve("A.png"), "png", 2, 1, 0xff0000, 0x00ff00);
		assertEquals(1, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2"));
		String message = err.toString().trim();
		assertEquals(1, message.lines().count(), message);
		assertTrue(message.startsWith("diffncut: " + pred.resolve("A.png") + ": a label image must be single-band"),
			message);
	}

	@Test
	void emptyOrMissingFolders() throws IOException {
		Path pred = Files.createDirectory(dir.resolve("pred")), gt = Files.createDirectory(dir.resolve("gt"));
		assertEquals(1, run("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2"));
		assertEquals("diffncut: " + pred + ": no .png label images to evaluate", err.toString().trim());
		err.getBuffer().setLength(0);
		assertEquals(1, run("evaluate", "--pred", dir.resolve("nope").toString(), "--gt", gt.toString(),
			"--classes", "2"));
		assertEquals("diffncut: " + dir.resolve("nope") + ": not a folder (--pred)", err.toString().trim());
	}

	@Test
	void badCommandLineExitsWith2() {
		assertEquals(2, run("evaluate", "--pred", "p", "--gt", "g"));
		assertTrue(err.toString().startsWith("diffncut: Missing required option: '--classes=C'"), err::toString);
		err.getBuffer().setLength(0);
		assertEquals(2, run("evaluate", "--pred", "p", "--gt", "g", "--classes", "0"));
		assertTrue(err.toString().startsWith("diffncut: --classes must be 1..1024, not 0"), err::toString);
	}
}
