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
import org.diffncut.model.CaptureTimes.Stage;
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

	/**
	 * Two different images (the golden one and its mirror image) in one model pass: each gets the P of its own
	 * single pass, to float32 rounding (measured 3e-6), and half of the batch's VAE arithmetic, which is the single
	 * pass's.
	 */
	@Test
	void aBatchGivesEachImageThePOfItsSinglePass() throws Exception {
		AttentionExtractor extractor = new AttentionExtractor(model);
		AttentionOptions options = AttentionOptions.defaults().withResolution(128).withGrids(GridSelection.all());
		List<ArrayImg<ARGBType, IntArray>> images = List.of(goldenImage(), mirrored(goldenImage()));
		List<AttentionResult> batch = extractor.extract(images, options, Progress.NONE, Cancel.NEVER);
		assertEquals(2, batch.size());
		for (int i = 0; i < 2; i++) {
			AttentionResult alone = extractor.extract(images.get(i), options, Progress.NONE, Cancel.NEVER);
			float[] p = batch.get(i).transitions().data(), q = alone.transitions().data();
			double error = Golden.relativeError(q, p);
			assertTrue(error <= BATCH_TOLERANCE, "image " + i + ": relative Frobenius error " + error);
			assertEquals(alone.times().cost(Stage.VAE).arithmetic(), batch.get(i).times().cost(Stage.VAE).arithmetic());
		}
		assertTrue(Golden.relativeError(batch.get(0).transitions().data(), batch.get(1).transitions().data()) > 1e-3);
	}

	/**
	 * Largest relative Frobenius error of P between a batched and a single pass, 5× below the goldens': PyTorch runs
	 * a batch's convolutions with other kernels than a single image's, whose rounding the tiny model's random
	 * attention amplifies (see StableDiffusionTest.BATCH_TOLERANCE).
	 */
	static final double BATCH_TOLERANCE = 2e-5;

	private static ArrayImg<ARGBType, IntArray> mirrored(ArrayImg<ARGBType, IntArray> image) {
		int[] from = image.update(null).getCurrentStorageArray(), to = new int[from.length];
		for (int y = 0; y < 128; y++)
			for (int x = 0; x < 128; x++) to[y * 128 + x] = from[y * 128 + 127 - x];
		return ArrayImgs.argbs(to, 128, 128);
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
