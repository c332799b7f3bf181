package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SurfaceDistanceTest {
	private static final double EXACT = 1e-12;
	private static final double[] UNIT = { 1, 1, 1 };

	@Test
	void emptyMasks() {
		boolean[] none = new boolean[8], one = new boolean[8];
		one[3] = true;
		assertEquals(0, SurfaceDistance.hd95(none, none, 2, 2, 2, UNIT)); // both empty
		assertEquals(373.12866, SurfaceDistance.hd95(one, none, 2, 2, 2, UNIT)); // BraTS convention
		assertEquals(373.12866, SurfaceDistance.hd95(none, one, 2, 2, 2, UNIT));
	}

	@Test
	void twoVoxelsInMillimetres() {
		// A = {(0,0,0)}, B = {(3,0,0)} in 4×1×1 with 2 mm along i: each is its own surface, both distances 6 mm
		boolean[] a = { true, false, false, false }, b = { false, false, false, true };
		assertEquals(6, SurfaceDistance.hd95(a, b, 4, 1, 1, new double[] { 2, 1, 1 }), EXACT);
	}

	@Test
	void percentileInterpolatesBothDirectionsTogether() {
		// 5×1×1: A = i 0..2, B = i 4; one voxel thick, so every voxel is surface. A→B: 4, 3, 2; B→A: 2.
		// Sorted {2, 2, 3, 4}: rank 0.95·3 = 2.85, so 3 + 0.85·(4 − 3) = 3.85
		boolean[] a = { true, true, true, false, false }, b = { false, false, false, false, true };
		assertEquals(3.85, SurfaceDistance.hd95(a, b, 5, 1, 1, UNIT), EXACT);
	}

	@Test
	void surfaceIsMaskMinusSixNeighbourErosionWithOutsideZero() {
		// 3×3×3 cube centred in 5×5×5: only the centre has all six neighbours inside, so 26 surface voxels
		boolean[] cube = new boolean[125];
		for (int k = 1; k <= 3; k++)
			for (int j = 1; j <= 3; j++)
				for (int i = 1; i <= 3; i++) cube[i + 5 * (j + 5 * k)] = true;
		int[] all = { 0, 0, 0, 4, 4, 4 };
		boolean[] s = SurfaceDistance.surface(cube, 5, 5, 5, all);
		assertEquals(26, count(s));
		assertFalse(s[2 + 5 * (2 + 5 * 2)]);
		// the full 3×3×3 volume: the centre's neighbours are all inside, the rest touch the outside (counted 0)
		boolean[] full = new boolean[27];
		Arrays.fill(full, true);
		assertEquals(26, count(SurfaceDistance.surface(full, 3, 3, 3, new int[] { 0, 0, 0, 2, 2, 2 })));
		// the cube against its centre: A→B is 1 (6 faces), √2 (12 edges), √3 (8 corners); B→A is 1. Sorted 27
		// values, rank 0.95·26 = 24.7 between two √3 (√3 fills ranks 19..26)
		boolean[] centre = new boolean[125];
		centre[2 + 5 * (2 + 5 * 2)] = true;
		assertEquals(Math.sqrt(3), SurfaceDistance.hd95(cube, centre, 5, 5, 5, UNIT), EXACT);
	}

	/** Against MedPy's definition restated with scipy 1.10 (hd95_scipy.py printed hd95_scipy.txt). */
	@Test
	void matchesScipy() throws Exception {
		List<String> lines = Files.readAllLines(Paths.get(getClass().getResource("hd95_scipy.txt").toURI()));
		int checked = 0;
		for (String line : lines) {
			if (line.startsWith("#")) continue;
			String[] f = line.split(" ");
			boolean[][] m = masks(Integer.parseInt(f[0]));
			assertEquals(Double.parseDouble(f[1]), SurfaceDistance.hd95(m[0], m[1], 12, 13, 9,
				new double[] { 1.0, 0.8, 2.5 }), 1e-9, line);
			checked++;
		}
		assertEquals(3, checked);
	}

	/** The masks of hd95_scipy.py, same formulas, over 12×13×9. */
	static boolean[][] masks(int c) {
		int nx = 12, ny = 13, nz = 9;
		boolean[] a = new boolean[nx * ny * nz], b = new boolean[a.length];
		for (int k = 0, v = 0; k < nz; k++)
			for (int j = 0; j < ny; j++)
				for (int i = 0; i < nx; i++, v++) {
					if (c == 0) {
						a[v] = (i - 5) * (i - 5) + 0.5 * (j - 6) * (j - 6) + 2 * (k - 4) * (k - 4) <= 12;
						b[v] = i >= 3 && i <= 9 && j >= 2 && j <= 8 && k >= 3 && k <= 6;
					}
					else if (c == 1) {
						a[v] = (i + j + k) % 7 < 3;
						b[v] = i <= 4 || k >= 7;
					}
					else {
						int r = (i - 6) * (i - 6) + (j - 6) * (j - 6) + (k - 4) * (k - 4);
						a[v] = r >= 4 && r <= 16;
						b[v] = (i - 10) * (i - 10) + (j - 11) * (j - 11) + (k - 1) * (k - 1) <= 2;
					}
				}
		return new boolean[][] { a, b };
	}

	private static int count(boolean[] m) {
		int n = 0;
		for (boolean x : m)
			if (x) n++;
		return n;
	}
}
