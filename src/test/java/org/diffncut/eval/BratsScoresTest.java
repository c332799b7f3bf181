package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.eval.BratsScores.Labels;
import org.diffncut.eval.BratsScores.Mapping;
import org.diffncut.eval.BratsScores.Region;
import org.junit.jupiter.api.Test;

/**
 * One 8×1×1 case worked by hand (one voxel thick: every voxel is surface, distances are |Δi| in mm).
 * <pre>
 * voxel   0 1 2 3 4 5 6 7
 * gt      0 0 0 1 1 2 4 4    (2021: ET = 4)
 * pred    5 5 5 0 2 2 3 3
 * </pre>
 * Overlap H, rows [0, 1, 2, ET], columns ids 0..5: row 0 has 3 at id 5; row 1 has 1 at ids 0 and 2; row 2 has 1 at
 * id 2; row ET has 2 at id 3.
 * <p>
 * merged: id 0 → 1, id 2 → tie of 1 and 2 → 1 (lowest), id 3 → ET, id 5 → 0, empty ids 1, 4 → 0. Mapped rows
 * 0 0 0 1 1 1 ET ET. WT: {3..7} both, Dice 1, HD95 0. TC: pred {3,4,5,6,7}, gt {3,4,6,7}: Dice 2·4/9 = 8/9;
 * distances pred→gt 0 0 1 0 0, gt→pred 0 0 0 0, sorted nine values with one 1 at rank 8, rank 0.95·8 = 7.6 → 0.6.
 * ET: {6,7} both, Dice 1, HD95 0.
 * <p>
 * hungarian: the unique optimum is 0↔5 (3), ET↔3 (2), 2↔2 (1), 1↔0 (1), total 7 (giving id 2 to row 1 instead
 * leaves row 2 nothing: 6). Ids 1, 4 unmatched → 0. Mapped rows 0 0 0 1 2 2 ET ET. WT Dice 1, HD95 0. TC: pred
 * {3,6,7}, gt {3,4,6,7}: Dice 6/7; distances 0 0 0 and 0 1 0 0, seven values, rank 0.95·6 = 5.7 → 0.7. ET: Dice 1.
 */
class BratsScoresTest {
	private static final double EXACT = 1e-12;
	private static final double[] GT = { 0, 0, 0, 1, 1, 2, 4, 4 }, PRED = { 5, 5, 5, 0, 2, 2, 3, 3 };
	private static final double[] UNIT = { 1, 1, 1 };

	@Test
	void handComputedCase() {
		BratsScores s = BratsScores.of(GT, PRED, 8, 1, 1, UNIT, Labels.AUTO, "case");
		assertEquals(Labels.Y2021, s.edition()); // it holds 4
		check(s, Mapping.MERGED, Region.WT, 1, 0);
		check(s, Mapping.MERGED, Region.TC, 8.0 / 9, 0.6);
		check(s, Mapping.MERGED, Region.ET, 1, 0);
		check(s, Mapping.HUNGARIAN, Region.WT, 1, 0);
		check(s, Mapping.HUNGARIAN, Region.TC, 6.0 / 7, 0.7);
		check(s, Mapping.HUNGARIAN, Region.ET, 1, 0);
	}

	@Test
	void edition2023UsesThreeForEnhancingTumour() {
		double[] gt = GT.clone();
		gt[6] = gt[7] = 3;
		BratsScores s = BratsScores.of(gt, PRED, 8, 1, 1, UNIT, Labels.AUTO, "case");
		assertEquals(Labels.Y2023, s.edition()); // no 4
		check(s, Mapping.HUNGARIAN, Region.TC, 6.0 / 7, 0.7); // the same case renamed
		check(s, Mapping.MERGED, Region.TC, 8.0 / 9, 0.6);
	}

	@Test
	void emptyRegions() {
		// gt without tumour, prediction one segment: every id maps to 0, all regions empty on both sides
		BratsScores s = BratsScores.of(new double[4], new double[] { 1, 1, 1, 1 }, 4, 1, 1, UNIT, Labels.Y2023, "c");
		for (Mapping m : Mapping.values())
			for (Region r : Region.values()) check(s, m, r, 1, 0);
		// gt all ET, prediction the single id 0: H = [[0],[0],[0],[4]], the optimum gives the one column to row ET
		BratsScores t = BratsScores.of(new double[] { 3, 3, 3, 3 }, new double[4], 4, 1, 1, UNIT, Labels.Y2023, "c");
		check(t, Mapping.HUNGARIAN, Region.ET, 1, 0);
		// a prediction with no ET against a gt with ET: Dice 0 and the one-empty HD95
		BratsScores u = BratsScores.of(new double[] { 0, 3, 3, 0 }, new double[] { 0, 0, 0, 0 }, 4, 1, 1, UNIT,
			Labels.Y2023, "c");
		check(u, Mapping.MERGED, Region.ET, 0, SurfaceDistance.ONE_EMPTY);
	}

	@Test
	void unknownLabelsAreRefusedWithTheVoxel() {
		double[] gt = GT.clone();
		gt[2] = 3; // 3 beside 4: auto reads 2021, where 3 is no label
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> BratsScores.of(gt, PRED, 8, 1, 1, UNIT, Labels.AUTO, "BraTS2021_00001"));
		assertTrue(e.getMessage().startsWith("BraTS2021_00001: the ground truth holds label 3 at voxel (2, 0, 0)"),
			e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> BratsScores.of(GT, PRED, 8, 1, 1, UNIT, Labels.Y2023, "c"));
		double[] pred = PRED.clone();
		pred[0] = 1.5;
		assertThrows(IllegalArgumentException.class, () -> BratsScores.of(GT, pred, 8, 1, 1, UNIT, Labels.AUTO, "c"));
	}

	@Test
	void parsesEditions() {
		assertEquals(Labels.Y2021, Labels.parse("2021"));
		assertEquals(Labels.AUTO, Labels.parse("Auto"));
		assertThrows(IllegalArgumentException.class, () -> Labels.parse("2020"));
	}

	private static void check(BratsScores s, Mapping m, Region r, double dice, double hd95) {
		assertEquals(dice, s.get(m, r).dice, EXACT, m + " " + r + " dice");
		assertEquals(hd95, s.get(m, r).hd95, EXACT, m + " " + r + " hd95");
	}
}
