package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bench-ncut prints both paths, each stage in reference units, and says when it leaves the dense path out. */
class BenchNcutCommandTest {
	@Test
	void printsTheFactoredAndTheDensePathInReferenceUnits() {
		CliRun run = CliRun.of("bench-ncut", "--n", "256", "--size", "64", "--baseline", "0", "--repeat", "1");
		assertEquals(0, run.code, run.toString());
		assertTrue(run.out.matches("(?s).*reference: 4096\\^3 float32 product .* [0-9.]+ s, [0-9]+ GFLOP/s\n.*"), run.out);
		assertTrue(run.out.contains("factored (A = F F^T never formed, Java products)"), run.out);
		assertTrue(run.out.contains("dense (A = P P^T formed on DJL)"), run.out);
		assertTrue(run.out.matches("(?s).*recursion \\(whole tree\\) +[0-9.]+ s = +[0-9.]+ x reference.*"), run.out);
		assertTrue(run.out.matches("(?s).*factored vs dense: [0-9.]+x faster; same partition \\([0-9]+ segments\\).*"),
			run.out);
	}

	@Test
	void leavesTheDensePathOutWhenAskedAndSaysWhatItWouldCost() {
		CliRun run = CliRun.of("bench-ncut", "--n", "256", "--size", "64", "--baseline", "0", "--repeat", "1",
			"--no-dense");
		assertEquals(0, run.code, run.toString());
		assertTrue(run.out.contains("dense (A = P P^T formed): not run at n = 256: A alone is 2n^3 = 0.0 TFLOP"), run.out);
		assertFalse(run.out.contains("factored vs dense"), run.out);
	}
}
