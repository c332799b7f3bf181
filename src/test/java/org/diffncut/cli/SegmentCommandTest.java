package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.Golden;
import org.diffncut.io.LabelPng;
import org.diffncut.io.RgbPngs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffncut segment} on the tiny SD-1.4-shaped model, against the attention → cut route it shortens. */
class SegmentCommandTest {
	@TempDir
	Path tmp;

	private String model() {
		return Fixtures.tinySd14().resolve("model").toString();
	}

	/** A 160×128 image: the golden picture with 32 extra columns, so that crop and original size differ. */
	private Path wideImage() throws Exception {
		long[] square = Golden.longs("image_u8_hwc");
		long[] wide = new long[128 * 160 * 3];
		for (int y = 0; y < 128; y++)
			for (int x = 0; x < 160; x++)
				for (int c = 0; c < 3; c++) wide[(y * 160 + x) * 3 + c] = square[(y * 128 + Math.min(x, 127)) * 3 + c];
		Path png = tmp.resolve("wide.png");
		RgbPngs.write(png, wide, 160, 128);
		return png;
	}

	@Test
	void labelsComeAtTheOriginalSizeAndEqualAttentionThenCut() throws Exception {
		Path image = wideImage(), labels = tmp.resolve("labels.png"), tree = tmp.resolve("tree.json");
		String[] options = { "--resolution", "128", "--resolutions", "all", "--device", "cpu", "--stop", "ncut:1" };
		CliRun segment = CliRun.of(concat(new String[] { "segment", "--model", model(), "--image", image.toString(),
			"--out", labels.toString(), "--tree", tree.toString() }, options));
		assertEquals(0, segment.code, segment.toString());
		assertTrue(segment.out.trim().matches("\\d+ segments"), segment.out);
		for (String stage : new String[] { "text", "vae", "unet", "aggregation", "graph", "ncut", "upsample" })
			assertTrue(segment.errors().contains(stage + " "), stage + " missing from " + segment.err);
		LabelPng.Labels l = LabelPng.read(labels);
		assertEquals(160, l.width);
		assertEquals(128, l.height);

		Path p = tmp.resolve("P.safetensors"), cut = tmp.resolve("cut.png");
		CliRun attention = CliRun.of("attention", "--model", model(), "--image", image.toString(), "--out", p.toString(),
			"--resolution", "128", "--resolutions", "all", "--device", "cpu");
		assertEquals(0, attention.code, attention.toString());
		assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--stop", "ncut:1", "--out", cut.toString()).code);
		assertArrayEquals(l.values, LabelPng.read(cut).values, "cut reads the image size and window from P's metadata");

		Path recut = tmp.resolve("recut.png");
		CliRun r = CliRun.of("recut", "--tree", tree.toString(), "--stop", "ncut:1", "--out", recut.toString());
		assertEquals(0, r.code, r.toString());
		assertArrayEquals(l.values, LabelPng.read(recut).values, "recut finds the attention file saved beside the tree");
	}

	@Test
	void aMissingModelFileIsOneClearLine() throws Exception {
		Path broken = brokenModel();
		Path out = tmp.resolve("never.png");
		CliRun r = CliRun.of("segment", "--model", broken.toString(), "--image", wideImage().toString(), "--out",
			out.toString(), "--resolution", "128", "--device", "cpu");
		assertEquals(1, r.code, r.toString());
		String errors = r.errors();
		assertTrue(errors.contains("vae") && errors.contains("safetensors"), errors);
		assertFalse(Files.exists(out));
	}

	/** Issue 13: the timestep is checked against the model's configuration before its (here corrupt) weights load. */
	@Test
	void aTimestepOutOfRangeIsRefusedBeforeTheWeightsLoad() throws Exception {
		Path broken = brokenModel();
		Files.write(broken.resolve("vae").resolve("diffusion_pytorch_model.safetensors"), new byte[] { 1, 2, 3 });
		CliRun r = CliRun.of("segment", "--model", broken.toString(), "--image", wideImage().toString(), "--out",
			tmp.resolve("never.png").toString(), "--resolution", "128", "--device", "cpu", "--timestep", "5000");
		assertEquals(1, r.code, r.toString());
		assertEquals("diffncut: timestep 5000: use 0 to 999\n", r.errors(), "refused before the missing weights are noticed");
	}

	/** The tiny model without its VAE weights. */
	private Path brokenModel() throws Exception {
		Path broken = tmp.resolve("model");
		for (String part : new String[] { "unet", "vae", "text_encoder", "scheduler" }) {
			Files.createDirectories(broken.resolve(part));
			try (Stream<Path> files = Files.list(Fixtures.tinySd14().resolve("model").resolve(part))) {
				for (Path f : (Iterable<Path>) files::iterator)
					if (!f.getFileName().toString().endsWith(".safetensors") || !part.equals("vae"))
						Files.copy(f, broken.resolve(part).resolve(f.getFileName()));
			}
		}
		return broken;
	}

	private static String[] concat(String[] a, String[] b) {
		String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
