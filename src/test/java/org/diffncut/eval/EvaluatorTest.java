package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Each comment gives the overlap histogram H (rows: classes, columns: segment ids), the
 * matching (traced through scipy's algorithm where it is a tie, see LinearSumAssignmentTest), the counts and the
 * scores. Images are 1-pixel-high rows.
 */
class EvaluatorTest {
	private static final double EXACT = 1e-15;

	@Test
	void perfectPrediction() {
		Evaluator e = new Evaluator(3, 255);
		ImageScores s = e.add("a", new int[] { 0, 0, 1, 1, 2, 2 }, new int[] { 0, 0, 1, 1, 2, 2 });
		assertScores(1, 1, 1, s.matched());
		assertScores(1, 1, 1, s.merged());
		Evaluation r = e.result();
		assertScores(1, 1, 1, r.global());
		assertScores(1, 1, 1, r.perImage());
		assertScores(1, 1, 1, r.merged());
	}

	@Test
	void permutedIdsAreMatched() {
		// H = [[0,0,2],[2,0,0],[0,2,0]]: the unique optimum 0->2, 1->0, 2->1 recovers every pixel.
		Evaluator e = new Evaluator(3, 255);
		e.add("a", new int[] { 0, 0, 1, 1, 2, 2 }, new int[] { 2, 2, 0, 0, 1, 1 });
		assertScores(1, 1, 1, e.result().global());
		assertScores(1, 1, 1, e.result().merged());
	}

	@Test
	void overSegmentation() {
		// H = [[2,2,0,0],[0,0,2,2]]. Tie: row 0 scans columns 3,2,1,0 and ends on column 0, row 1 on column 2.
		// tp = [2,2], fn = [2,2], fp = [0,0] over 8 pixels: acc 4/8; IoU 2/4 each -> mIoU 1/2; F1 4/6 each -> 2/3.
		// Merged: segments 0,1 -> class 0 and 2,3 -> class 1: perfect.
		Evaluator e = new Evaluator(2, 255);
		ImageScores s = e.add("a", new int[] { 0, 0, 0, 0, 1, 1, 1, 1 }, new int[] { 0, 0, 1, 1, 2, 2, 3, 3 });
		assertScores(0.5, 2.0 / 3, 0.5, s.matched());
		assertScores(1, 1, 1, s.merged());
	}

	@Test
	void underSegmentation() {
		// One segment over classes 0 (4 px), 1 (2 px), 2 (2 px); P = max(C, 1) = 3: H = [[4,0,0],[2,0,0],[2,0,0]].
		// Class 0 -> segment 0; classes 1, 2 -> the empty segments 1, 2. tp = [4,0,0], fp = [4,0,0], fn = [0,2,2].
		// acc 4/8; IoU = [4/8, 0, 0] -> mIoU 1/6; F1 = [8/12, 0, 0] -> 2/9. Merged: all segments -> class 0 (the
		// empty ones by the lowest-id rule): the same counts.
		Evaluator e = new Evaluator(3, 255);
		ImageScores s = e.add("a", new int[] { 0, 0, 0, 0, 1, 1, 2, 2 }, new int[8]);
		assertScores(0.5, 2.0 / 9, 1.0 / 6, s.matched());
		assertScores(0.5, 2.0 / 9, 1.0 / 6, s.merged());
	}

	@Test
	void allIgnoreImageIsSkippedPerImageButCounted() {
		// Image "void": 255 (ignore) and 9 (>= C) everywhere: no valid pixel, undefined scores, left out of the
		// per-image means. Image "ok" is perfect, so every mode gives 1; 2 images are reported.
		Evaluator e = new Evaluator(2, 255);
		ImageScores empty = e.add("void", new int[] { 255, 255, 9, 9 }, new int[] { 0, 1, 0, 1 });
		assertFalse(empty.matched().isDefined());
		assertEquals(0, empty.valid());
		e.add("ok", new int[] { 0, 1 }, new int[] { 5, 3 });
		Evaluation r = e.result();
		assertEquals(2, r.images());
		assertScores(1, 1, 1, r.global());
		assertScores(1, 1, 1, r.perImage());
		assertScores(1, 1, 1, r.merged());
	}

	@Test
	void classAbsentFromPrediction() {
		// Class 1 is never predicted: H = [[2,0],[2,0]]. Class 0 -> segment 0, class 1 -> the empty segment 1.
		// tp = [2,0], fp = [2,0], fn = [0,2]: acc 1/2; IoU = [2/4, 0] -> 1/4; F1 = [4/6, 0] -> 1/3.
		Evaluator e = new Evaluator(2, 255);
		ImageScores s = e.add("a", new int[] { 0, 0, 1, 1 }, new int[4]);
		assertScores(0.5, 1.0 / 3, 0.25, s.matched());
	}

	@Test
	void classAbsentFromGroundTruthTakesANonEmptySegment() {
		// Class 0 does not occur: H = [[0,0,0],[2,0,4]]. scipy's tie rule gives class 0 segment 0 (2 px of class 1),
		// not the empty segment 1 (LinearSumAssignmentTest traces it). So fp(0) = 2 and IoU(0) = 0 is counted:
		// tp = [0,4], fp = [2,0], fn = [0,2]; acc 4/6; IoU = [0, 4/6] -> mIoU 1/3 (it would be 2/3 with the other
		// optimum); F1 = [0, 8/10] -> 0.4. Merged: segments 0, 2 -> class 1, segment 1 (empty) -> class 0: perfect,
		// and class 0 (denominator 0) is left out.
		Evaluator e = new Evaluator(2, 255);
		ImageScores s = e.add("a", new int[] { 1, 1, 1, 1, 1, 1 }, new int[] { 0, 0, 2, 2, 2, 2 });
		assertScores(4.0 / 6, 0.4, 1.0 / 3, s.matched());
		assertScores(1, 1, 1, s.merged());
		assertEquals(0.0, e.result().iou(0), EXACT);
	}

	@Test
	void threeModesOverTwoImages() {
		// A = over-segmentation case: tp [2,2], fp [0,0], fn [2,2], 8 px; scores (1/2, 2/3, 1/2), merged (1,1,1).
		// B = class-absent case: tp [2,0], fp [2,0], fn [0,2], 4 px; scores (1/2, 1/3, 1/4); merged: segment 0
		// overlaps classes 0 and 1 by 2 each -> class 0 (lowest id), so the same counts: (1/2, 1/3, 1/4).
		// Global: tp [4,2], fp [2,0], fn [2,4], 12 px: acc 6/12; IoU [4/8, 2/6] -> 5/12; F1 [8/12, 4/8] -> 7/12.
		// Per image: acc 1/2, F1 (2/3 + 1/3)/2 = 1/2, mIoU (1/2 + 1/4)/2 = 3/8.
		// Merged: acc (1 + 1/2)/2 = 3/4, F1 (1 + 1/3)/2 = 2/3, mIoU (1 + 1/4)/2 = 5/8.
		Evaluator e = new Evaluator(2, 255);
		e.add("A", new int[] { 0, 0, 0, 0, 1, 1, 1, 1 }, new int[] { 0, 0, 1, 1, 2, 2, 3, 3 });
		e.add("B", new int[] { 0, 0, 1, 1 }, new int[4]);
		Evaluation r = e.result();
		assertEquals(2, r.images());
		assertScores(0.5, 7.0 / 12, 5.0 / 12, r.global());
		assertScores(0.5, 0.5, 3.0 / 8, r.perImage());
		assertScores(0.75, 2.0 / 3, 5.0 / 8, r.merged());
		assertEquals(0.5, r.iou(0), EXACT);
		assertEquals(1.0 / 3, r.iou(1), EXACT);
	}

	@Test
	void customIgnoreValue() {
		// ignore = 0 with C = 3: only pixels of classes 1 and 2 count; segment 7 covers both -> H row 1 = 2 at
		// column 7, row 2 = 1 at column 7 (P = 8). Class 1 -> 7 (tp 2), class 2 -> an empty column (fn 1), and the
		// row of class 0 is empty; so acc 2/3.
		Evaluator e = new Evaluator(3, 0);
		ImageScores s = e.add("a", new int[] { 0, 0, 1, 1, 2 }, new int[] { 7, 7, 7, 7, 7 });
		assertEquals(3, s.valid());
		assertEquals(2.0 / 3, s.matched().accuracy(), EXACT);
	}

	static void assertScores(double accuracy, double f1, double miou, Scores s) {
		assertEquals(accuracy, s.accuracy(), EXACT, "accuracy");
		assertEquals(f1, s.f1(), EXACT, "F1");
		assertEquals(miou, s.miou(), EXACT, "mIoU");
	}
}
