package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.diffncut.Fixtures;
import org.diffncut.Golden;
import org.diffncut.io.RgbPngs;
import org.diffncut.safetensors.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffncut attention} as users run it, against aggregated/diffseg_all of the tiny-sd14 goldens. */
class AttentionCommandTest {
	static final double TOLERANCE = 1e-4;

	@TempDir
	Path tmp;

	private final StringWriter out = new StringWriter(), err = new StringWriter();

	private int run(String... args) {
		return DiffNCut.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
	}

	private Path fixtureImage() throws Exception {
		Path png = tmp.resolve("shapes.png");
		RgbPngs.write(png, Golden.longs("image_u8_hwc"), 128, 128);
		return png;
	}

	@Test
	void reproducesTheDiffSegGolden() throws Exception {
		Path p = tmp.resolve("P.safetensors");
		int code = run("attention", "--model", Fixtures.tinySd14().resolve("model").toString(), "--image",
			fixtureImage().toString(), "--out", p.toString(), "--resolution", "128", "--resolutions", "all", "--device", "cpu");
		assertEquals(0, code, err.toString());
		try (SafeTensors st = SafeTensors.open(p)) {
			assertEquals("16x16", st.metadata().get("grid"));
			st.info("P", 256, 256);
			double error = Golden.relativeError(Golden.floats("aggregated/diffseg_all"), st.floats("P"));
			System.out.printf("diffncut attention vs aggregated/diffseg_all: relative error %.2e%n", error);
			assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
		}
		assertTrue(out.toString().contains("P 256x256 on a 16x16 grid from 16 layers"), out.toString());
	}

	@Test
	void absentGrid_Fail() throws Exception {
		Path p = tmp.resolve("P.safetensors");
		int code = run("attention", "--model", Fixtures.tinySd14().resolve("model").toString(), "--image",
			fixtureImage().toString(), "--out", p.toString(), "--resolution", "128", "--resolutions", "64,32", "--device", "cpu");
		assertEquals(1, code);
		assertTrue(err.toString().contains("diffncut: no attention grid of side 64 at 128 px"), err.toString());
		assertFalse(Files.exists(p));
	}

	@Test
	void resolutionNotAMultipleOf64_Fail() throws Exception {
		int code = run("attention", "--model", Fixtures.tinySd14().resolve("model").toString(), "--image",
			fixtureImage().toString(), "--out", tmp.resolve("P.safetensors").toString(), "--resolution", "100");
		assertEquals(1, code);
		assertTrue(err.toString().contains("resolution 100 px: use a positive multiple of 64"), err.toString());
		assertFalse(err.toString().contains("model loaded"), "validated before loading the model");
	}

	@Test
	void badLayerSet_Fail() throws Exception {
		int code = run("attention", "--model", "m", "--image", "i.png", "--out", "o", "--layers", "encoder");
		assertEquals(2, code);
		assertTrue(err.toString().contains("use all or decoder"), err.toString());
	}

	@Test
	void missingImage_Fail() {
		int code = run("attention", "--model", Fixtures.tinySd14().resolve("model").toString(), "--image",
			tmp.resolve("none.png").toString(), "--out", tmp.resolve("P.safetensors").toString());
		assertEquals(1, code);
		assertTrue(err.toString().contains("none.png") && err.toString().contains("not found"), err.toString());
	}
}
