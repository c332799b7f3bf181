package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.graph.GraphKind;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed: two pairs {0,1}, {2,3} joined by weight 1 inside and 0.1 across, self-loops s.
 * Degrees 1.2 + s; the split {0,1}|{2,3} has cut 0.4 and NCut 2·0.4/(2.4 + 2s).
 * T = 1 + 1 + 4·0.1 = 2.4 (self-loops excluded), m = 6, so nT/(2m) = 4·2.4/12 = 0.8 and cut/T = 1/6.
 * Each pair alone: one edge of weight 1, cut 1, NCut = 1/(1+s) + 1/(1+s), T = 1, m = 1, nT/(2m) = 1, cut/T = 1.
 */
class StoppingRuleTest {
	private static float[] twoPairs(float selfLoop) {
		float[] w = new float[16];
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++)
				w[i * 4 + j] = i == j ? selfLoop : (i / 2 == j / 2 ? 1f : 0.1f);
		return w;
	}

	private static SplitTree grow(float[] w, StoppingRule rule) {
		return NormalizedCut.builder().stoppingRule(rule).build().grow(w, 4, GraphKind.DOT, Progress.NONE, Cancel.NEVER);
	}

	@Test
	void statisticsOfTheRootAreTheHandValues() {
		CutStatistics s = grow(twoPairs(0), StoppingRule.MANC_NCUT).root().statistics();
		assertEquals(4, s.nodes());
		assertEquals(6, s.edges());
		assertEquals(2.4, s.totalWeight(), 1e-6);
		assertEquals(0.4, s.cut(), 1e-6);
		assertEquals(1.0 / 3, s.ncut(), 1e-6);
		assertEquals(0.8, s.mancBound(), 1e-6);
		assertEquals(1.0 / 6, s.scaledCut(), 1e-6);
		CutStatistics looped = grow(twoPairs(0.5f), StoppingRule.MANC_NCUT).root().statistics();
		assertEquals(0.8 / 3.4, looped.ncut(), 1e-6);
		assertEquals(2.4, looped.totalWeight(), 1e-6, "self-loops are not edges");
		assertEquals(6, looped.edges());
	}

	@Test
	void mancWithNcutSplitsThePairsApartAndStopsInside() {
		// root: 1/3 < 0.8 → split; pair: NCut 2 ≥ bound 1 → stop
		assertEquals(2, grow(twoPairs(0), StoppingRule.MANC_NCUT).partition().count());
		// with self-loops 0.5: pair NCut = 2/1.5 = 1.33 ≥ 1 → still stop
		assertEquals(2, grow(twoPairs(0.5f), StoppingRule.MANC_NCUT).partition().count());
	}

	@Test
	void mancWithScaledMinCut() {
		// root: cut/T = 1/6 < 0.8 → split; pair: cut/T = 1 ≥ 1 → stop
		assertEquals(2, grow(twoPairs(0), StoppingRule.MANC_MINCUT).partition().count());
	}

	@Test
	void fixedThreshold() {
		assertEquals(1, grow(twoPairs(0), StoppingRule.ncut(0.3)).partition().count()); // 1/3 ≥ 0.3
		assertEquals(2, grow(twoPairs(0), StoppingRule.ncut(0.5)).partition().count()); // 1/3 < 0.5, 2 ≥ 0.5
		assertEquals(4, grow(twoPairs(0), StoppingRule.ncut(2.5)).partition().count()); // 2 < 2.5
	}

	@Test
	void parsesEverySpec() {
		assertEquals("manc-ncut", StoppingRule.parse("MANC-NCUT").spec());
		assertEquals("manc-mincut", StoppingRule.parse("manc-mincut").spec());
		assertEquals("ncut:0.25", StoppingRule.parse("ncut:0.25").spec());
		StoppingRule both = StoppingRule.parse("manc-ncut+ncut:2.5");
		CutStatistics pair = new CutStatistics(2, 1, 1, 2, 1);
		assertTrue(StoppingRule.MANC_NCUT.stop(pair));
		assertFalse(both.stop(pair), "stops only where both stop");
		assertThrows(IllegalArgumentException.class, () -> StoppingRule.parse("ncut:x"));
		assertThrows(IllegalArgumentException.class, () -> StoppingRule.parse("median"));
	}

	/** Without edges the parts are already apart (NCut 0) and the bound is +∞: MAN-C splits. */
	@Test
	void noEdgesMeansSplit() {
		assertFalse(StoppingRule.MANC_NCUT.stop(new CutStatistics(3, 0, 0, 0, 0)));
	}
}
