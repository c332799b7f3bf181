package org.diffncut.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.diffncut.Cancel;
import org.diffncut.Fixtures;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.StableDiffusion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/** End to end from the fixture image (image_u8_hwc) to P, against aggregated/* of the diffusers goldens. */
class AttentionExtractorTest {
	static final double TOLERANCE = 1e-4;
	static StableDiffusion model;

	@BeforeAll
	static void load() throws Exception {
		model = StableDiffusion.load(Fixtures.tinySd14().resolve("model"), DeviceChoice.CPU, Progress.NONE, w -> {});
	}

	@AfterAll
	static void close() {
		model.close();
	}

	/** The golden uint8 HWC image as packed ARGB. */
	static ArrayImg<ARGBType, IntArray> goldenImage() {
		long[] hwc = Golden.longs("image_u8_hwc");
		int[] argb = new int[128 * 128];
		for (int i = 0; i < argb.length; i++)
			argb[i] = 0xff000000 | (int) hwc[3 * i] << 16 | (int) hwc[3 * i + 1] << 8 | (int) hwc[3 * i + 2];
		return ArrayImgs.argbs(argb, 128, 128);
	}

	@Test
	void allLayersAndGridsFromTheImage() throws Exception {
		AttentionResult r = new AttentionExtractor(model).extract(goldenImage(), AttentionOptions.defaults()
			.withResolution(128).withGrids(GridSelection.all()), Progress.NONE, Cancel.NEVER);
		assertEquals(16, r.transitions().gridHeight());
		assertEquals(16, r.layerWeights().size());
		assertEquals(128, r.window().width(), 0);
		double error = Golden.relativeError(Golden.floats("aggregated/diffseg_all"), r.transitions().data());
		System.out.printf("aggregated/diffseg_all end to end from the image: relative error %.2e%n", error);
		assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
	}

	@Test
	void decoderLayersFromTheImage() throws Exception {
		AttentionResult r = new AttentionExtractor(model).extract(goldenImage(), AttentionOptions.defaults()
			.withResolution(128).withGrids(GridSelection.all()).withLayers(LayerSet.DECODER), Progress.NONE, Cancel.NEVER);
		double error = Golden.relativeError(Golden.floats("aggregated/decoder_mid"), r.transitions().data());
		System.out.printf("aggregated/decoder_mid end to end from the image: relative error %.2e%n", error);
		assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
	}

	@Test
	void progressRisesToOne() throws Exception {
		List<Double> fractions = new ArrayList<>();
		new AttentionExtractor(model).extract(goldenImage(), AttentionOptions.defaults().withResolution(128)
			.withInversionSteps(1), (f, stage) -> fractions.add(f), Cancel.NEVER);
		for (int i = 1; i < fractions.size(); i++)
			assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress fell at report " + i + ": " + fractions);
		assertEquals(1, fractions.get(fractions.size() - 1), 0);
	}

	@Test
	void cancel() {
		int[] polls = { 0 };
		assertThrows(CancellationException.class, () -> new AttentionExtractor(model).extract(goldenImage(),
			AttentionOptions.defaults().withResolution(128), Progress.NONE, () -> ++polls[0] > 3));
	}

	@Test
	void inversionWithNoise_Fail() {
		assertThrows(IllegalArgumentException.class,
			() -> AttentionOptions.defaults().withInversionSteps(3).withNoiseSeed(1L));
	}
}
