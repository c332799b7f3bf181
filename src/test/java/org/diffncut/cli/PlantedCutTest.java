package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.image.Window;
import org.diffncut.io.LabelPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diffncut cut} on a planted attention file, against a stored label PNG, so that a change anywhere between
 * the command line and the PNG shows. The grid is 12 rows × 16 columns and the image 64 × 48 (width × height), so an
 * axis swapped anywhere changes the output. Reference: {@code planted-labels.png} (see src/test/resources/README.md),
 * itself checked here against the planted regions.
 */
class PlantedCutTest {
	static final int ROWS = 12, COLS = 16, WIDTH = 64, HEIGHT = 48;
	/** Set to a folder to write the label image there, e.g. to renew the golden after an intended change. */
	static final String UPDATE = "diffncut.golden.update";

	@TempDir
	Path tmp;

	/** Background 0, a disk (label 1, centre row 4, column 4, radius 3.2), a bar (label 2, rows 7..10, columns 8..14). */
	static int[] regions() {
		int[] labels = new int[ROWS * COLS];
		for (int y = 0; y < ROWS; y++)
			for (int x = 0; x < COLS; x++) {
				if ((y - 4) * (y - 4) + (x - 4) * (x - 4) <= 3.2 * 3.2) labels[y * COLS + x] = 1;
				else if (y >= 7 && y <= 10 && x >= 8 && x <= 14) labels[y * COLS + x] = 2;
			}
		return labels;
	}

	/** P(i, j) ∝ (1 + 0.5 u_ij) × (1 inside i's region, 0.02 outside), u uniform from a fixed seed; rows sum to 1. */
	static TransitionMatrix walk(int[] labels) {
		int n = labels.length;
		SplittableRandom random = new SplittableRandom(20261202);
		float[] p = new float[n * n];
		for (int i = 0; i < n; i++) {
			double[] row = new double[n];
			double sum = 0;
			for (int j = 0; j < n; j++) {
				row[j] = (1 + 0.5 * random.nextDouble()) * (labels[i] == labels[j] ? 1 : 0.02);
				sum += row[j];
			}
			for (int j = 0; j < n; j++) p[i * n + j] = (float) (row[j] / sum);
		}
		return TransitionMatrix.of(p, ROWS, COLS);
	}

	@Test
	void cutsThePlantedAttentionFileIntoTheStoredLabels() throws IOException {
		Path attention = tmp.resolve("planted.safetensors"), out = tmp.resolve("labels.png");
		AttentionFile.writer(walk(regions()), GridPlacement.of(WIDTH, HEIGHT, Window.full(WIDTH, HEIGHT)),
			Collections.emptyMap()).write(attention);
		CliRun run = CliRun.of("cut", "--attention", attention.toString(), "--out", out.toString());
		assertEquals(0, run.code, run.toString());
		assertEquals("3 segments", run.out.trim(), run.err);
		String update = System.getProperty(UPDATE);
		if (update != null) Files.copy(out, Paths.get(update).resolve("planted-labels.png"),
			StandardCopyOption.REPLACE_EXISTING);

		LabelPng.Labels actual = LabelPng.read(out), golden = LabelPng.read(resource("planted-labels.png"));
		assertEquals(WIDTH, actual.width);
		assertEquals(HEIGHT, actual.height);
		assertEquals(golden.width, actual.width);
		assertEquals(golden.height, actual.height);
		assertArrayEquals(golden.values, actual.values, "label image differs from planted-labels.png");
	}

	/** The golden itself: each grid cell's centre pixel carries its planted region, numbered by size (largest 0). */
	@Test
	void theGoldenRecoversThePlantedRegions() throws IOException {
		LabelPng.Labels golden = LabelPng.read(resource("planted-labels.png"));
		int[] planted = regions();
		int[] sizes = new int[3];
		for (int label : planted) sizes[label]++;
		// 192 cells: the disk has 37 (every (dy, dx) in -3..3 with dy² + dx² ≤ 10), the bar 4 × 7 = 28, the rest 127
		assertArrayEquals(new int[] { 127, 37, 28 }, sizes, "background, disk, bar: already numbered by size");
		int cell = WIDTH / COLS; // 4 pixels per cell in both directions
		Map<Integer, Integer> seen = new HashMap<>();
		for (int y = 0; y < ROWS; y++)
			for (int x = 0; x < COLS; x++) {
				int label = golden.values[(y * cell + cell / 2) * WIDTH + x * cell + cell / 2];
				assertEquals(planted[y * COLS + x], label, "cell row " + y + ", column " + x);
				seen.merge(label, 1, Integer::sum);
			}
		assertEquals(3, seen.size());
	}

	private static Path resource(String name) {
		URL url = PlantedCutTest.class.getResource(name);
		assertNotNull(url, name + " is missing from src/test/resources/org/diffncut/cli");
		try {
			return Paths.get(url.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
