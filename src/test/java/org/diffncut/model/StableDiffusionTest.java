package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.diffncut.Cancel;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The loaded fixture model end to end from the golden pixels (pixel_nchw → every attn/&lt;layer&gt;/head_mean), the
 * noise and DDIM inversion wiring, cancel, and native-memory leaks across captures.
 */
class StableDiffusionTest {
	static final double TOLERANCE = 1e-4;
	static StableDiffusion model;

	@BeforeAll
	static void load() throws Exception {
		model = StableDiffusion.load(TinyModel.folder(), DeviceChoice.CPU, Progress.NONE, w -> {});
	}

	@AfterAll
	static void close() {
		model.close();
	}

	/**
	 * Collects every map as float[] from its row blocks, checking that they come in order and cover the map; throws
	 * the engine's out-of-memory error on the next {@code outOfMemory} blocks.
	 */
	static final class Collect implements AttentionSink {
		final Map<String, float[]> maps = new HashMap<>();
		final Map<String, Integer> next = new HashMap<>();
		int begins, ends, outOfMemory;

		@Override public void begin(NDManager manager, List<AttentionLayer> layers) {
			begins++;
			maps.clear();
			next.clear();
		}
		@Override public boolean wants(AttentionLayer layer) { return true; }
		@Override public void accept(AttentionLayer layer, int firstQuery, NDArray rows) {
			if (outOfMemory > 0) {
				outOfMemory--;
				throw cudaOutOfMemory();
			}
			int n = layer.tokens(), r = (int) rows.getShape().get(0);
			assertEquals(n, rows.getShape().get(1), layer + ": keys");
			assertEquals(next.getOrDefault(layer.name(), 0), firstQuery, layer + ": blocks in query order");
			next.put(layer.name(), firstQuery + r);
			float[] map = maps.computeIfAbsent(layer.name(), k -> new float[n * n]);
			System.arraycopy(rows.toFloatArray(), 0, map, firstQuery * n, r * n);
		}
		@Override public void end() {
			ends++;
			next.forEach((layer, rows) -> assertEquals(maps.get(layer).length, (long) rows * rows, layer + ": all rows"));
		}
	}

	static WorkingImage goldenImage() {
		return WorkingImage.ofPixels(Golden.floats("pixel_nchw"), 128);
	}

	/** The golden pixels mirrored left to right: another image of the same size. */
	static WorkingImage mirroredImage() {
		float[] p = Golden.floats("pixel_nchw"), m = new float[p.length];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 128; y++)
				for (int x = 0; x < 128; x++) m[(c * 128 + y) * 128 + x] = p[(c * 128 + y) * 128 + 127 - x];
		return WorkingImage.ofPixels(m, 128);
	}

	@Test
	void captureFromPixelsMatchesEveryGoldenMap() throws Exception {
		Collect sink = new Collect();
		CaptureTimes times = model.capture(goldenImage(), new ForwardOptions(300, 0, null), sink, Progress.NONE,
			Cancel.NEVER);
		assertEquals(1, sink.begins);
		assertEquals(1, sink.ends);
		assertEquals(16, sink.maps.size());
		for (AttentionLayer layer : model.selfAttentionLayers(128)) {
			double e = Golden.relativeError(Golden.floats("attn/" + layer.name() + "/head_mean"), sink.maps.get(layer.name()));
			assertTrue(e <= TOLERANCE, layer + ": relative Frobenius error " + e);
		}
		assertTrue(times.vae() > 0 && times.unet() > 0 && times.aggregation() >= 0 && times.text() >= 0, times.toString());
	}

	@Test
	void noLeakAcrossCaptures() throws Exception {
		model.capture(goldenImage(), new ForwardOptions(300, 0, null), new Collect(), Progress.NONE, Cancel.NEVER);
		int live = model.liveArrays();
		model.capture(goldenImage(), new ForwardOptions(300, 2, null), new Collect(), Progress.NONE, Cancel.NEVER);
		assertEquals(live, model.liveArrays());
		model.capture(goldenImage(), new ForwardOptions(300, 0, 7L), new Collect(), Progress.NONE, Cancel.NEVER);
		assertEquals(live, model.liveArrays());
		assertThrows(CancellationException.class, () -> model.capture(goldenImage(), new ForwardOptions(300, 0, null),
			new Collect(), Progress.NONE, () -> true));
		assertEquals(live, model.liveArrays());
	}

	/** add_noise with ε from java.util.Random(seed).nextGaussian(), ᾱ_300 from SchedulerTest's independent formula. */
	@Test
	void seededNoise() throws Exception {
		try (NDManager run = NDManager.newBaseManager()) {
			NDArray clean = model.encode(run, List.of(goldenImage()), Progress.NONE, Cancel.NEVER);
			NDArray noisy = model.diffuse(clean, null, new ForwardOptions(300, 0, 42L), Progress.NONE, Cancel.NEVER);
			float[] x = clean.toFloatArray(), y = noisy.toFloatArray();
			double a = SchedulerTest.alphaBar(300);
			Random random = new Random(42);
			for (int i = 0; i < x.length; i++)
				assertEquals(Math.sqrt(a) * x[i] + Math.sqrt(1 - a) * (float) random.nextGaussian(), y[i], 1e-5, "element " + i);
		}
	}

	/** Two inversion steps are the DDIM inverse steps at t = 1 then 21, each with the UNet prediction at that t. */
	@Test
	void ddimInversionFollowsTheScheduleFromTheCleanLatents() throws Exception {
		try (NDManager run = NDManager.newBaseManager()) {
			NDArray context = model.textEmbedding(Progress.NONE);
			NDArray x0 = model.encode(run, List.of(goldenImage()), Progress.NONE, Cancel.NEVER);
			NDArray inverted = model.diffuse(x0, context, new ForwardOptions(300, 2, null), Progress.NONE, Cancel.NEVER);
			NDArray x = x0;
			for (int t : new int[] { 1, 21 })
				x = model.scheduler().inverseStep(model.unet().forward(x, t, context, null, Progress.NONE, Cancel.NEVER), t, x, 50);
			assertArrayEquals(x.toFloatArray(), inverted.toFloatArray(), 0f);
			assertTrue(Golden.relativeError(x0.toFloatArray(), inverted.toFloatArray()) > 1e-3, "inversion changed nothing");
		}
	}

	/** Parameters belong to the model, not to a scope the caller happens to have open while loading. */
	@Test
	void loadingInsideAScope() throws Exception {
		StableDiffusion sd;
		try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
			sd = StableDiffusion.load(TinyModel.folder(), DeviceChoice.CPU, Progress.NONE, w -> {});
		}
		try (StableDiffusion closing = sd) {
			Collect sink = new Collect();
			closing.capture(goldenImage(), new ForwardOptions(300, 0, null), sink, Progress.NONE, Cancel.NEVER);
			assertEquals(16, sink.maps.size());
		}
		assertThrows(IllegalStateException.class, () -> sd.selfAttentionLayers(128));
	}

	@Test
	void resolutionMustBeAMultipleOf64_Fail() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.selfAttentionLayers(100));
		assertTrue(e.getMessage().contains("multiple of 64"), e.getMessage());
	}

	@Test
	void autoTakesTheCpuWithoutGpu() throws Exception {
		assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible: StableDiffusionGpuTest covers auto there");
		try (StableDiffusion sd = StableDiffusion.load(TinyModel.folder(), DeviceChoice.AUTO, Progress.NONE, w -> {})) {
			assertEquals("cpu float32", sd.device());
		}
	}

	@Test
	void gpuWithoutGpu_Fail() {
		assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible: this checks machines without one");
		IllegalStateException e = assertThrows(IllegalStateException.class,
			() -> StableDiffusion.load(TinyModel.folder(), DeviceChoice.GPU, Progress.NONE, w -> {}));
		assertTrue(e.getMessage().contains("no GPU"), e.getMessage());
	}

	/** PyTorch's wording of a CUDA allocation failure, as DJL wraps it. */
	static EngineException cudaOutOfMemory() {
		return new EngineException("CUDA out of memory. Tried to allocate 64.00 MiB (GPU 0; 7.79 GiB total capacity)\n" +
			"Exception raised from malloc at c10/cuda/CUDACachingAllocator.cpp");
	}

	/** A placement that falls back to the CPU after an out-of-memory error, as a GPU does, but runs on the CPU. */
	static Placement pretendGpu() {
		return new Placement(Device.cpu(), DataType.FLOAT32, DataType.FLOAT32, Placement.cpu());
	}

	/** The fixture's weights, with the engine's out-of-memory error the first time {@code component} is opened. */
	static StableDiffusion.Source failingOnce(String component) {
		StableDiffusion.Source files = StableDiffusion.files(TinyModel.folder());
		boolean[] failed = { false };
		return (c, half, p) -> {
			if (c.equals(component) && !failed[0]) {
				failed[0] = true;
				throw cudaOutOfMemory();
			}
			return files.open(c, half, p);
		};
	}

	static void assertSameMaps(Map<String, float[]> expected, Map<String, float[]> actual) {
		assertEquals(expected.keySet(), actual.keySet());
		for (Map.Entry<String, float[]> e : expected.entrySet())
			assertArrayEquals(e.getValue(), actual.get(e.getKey()), 0f, e.getKey());
	}

	/** Out of memory while the UNet loads: the model loads again on the fallback, warns once, and captures as a CPU model. */
	@Test
	void outOfMemoryWhileLoadingFallsBack() throws Exception {
		List<String> warnings = new ArrayList<>();
		Collect expected = new Collect(), actual = new Collect();
		model.capture(goldenImage(), new ForwardOptions(300, 0, null), expected, Progress.NONE, Cancel.NEVER);
		try (StableDiffusion sd = StableDiffusion.open(model.config(), failingOnce(ModelConfig.UNET), pretendGpu(),
			Progress.NONE, warnings::add))
		{
			assertEquals(1, warnings.size(), warnings.toString());
			assertEquals("the GPU ran out of memory (CUDA out of memory. Tried to allocate 64.00 MiB (GPU 0; 7.79 GiB " +
				"total capacity)): continuing on the CPU, which is much slower", warnings.get(0));
			sd.capture(goldenImage(), new ForwardOptions(300, 0, null), actual, Progress.NONE, Cancel.NEVER);
			assertEquals(1, warnings.size());
		}
		assertSameMaps(expected.maps, actual.maps);
	}

	/**
	 * Out of memory in the middle of a capture (the prompt's encoding, then a UNet pass handing over its maps): the
	 * capture is redone on the CPU with a warning, and its maps equal a CPU model's.
	 */
	@Test
	void outOfMemoryDuringCaptureFallsBack() throws Exception {
		Collect expected = new Collect();
		model.capture(goldenImage(), new ForwardOptions(300, 0, null), expected, Progress.NONE, Cancel.NEVER);

		List<String> warnings = new ArrayList<>();
		Collect actual = new Collect();
		try (StableDiffusion sd = StableDiffusion.open(model.config(), failingOnce(ModelConfig.TEXT_ENCODER),
			pretendGpu(), Progress.NONE, warnings::add))
		{
			assertTrue(warnings.isEmpty());
			sd.capture(goldenImage(), new ForwardOptions(300, 0, null), actual, Progress.NONE, Cancel.NEVER);
			assertEquals(1, warnings.size(), warnings.toString());
			assertTrue(warnings.get(0).startsWith("the GPU ran out of memory (CUDA out of memory."), warnings.get(0));
		}
		assertSameMaps(expected.maps, actual.maps);

		warnings.clear();
		Collect failingSink = new Collect();
		failingSink.outOfMemory = 1;
		try (StableDiffusion sd = StableDiffusion.open(model.config(), StableDiffusion.files(TinyModel.folder()),
			pretendGpu(), Progress.NONE, warnings::add))
		{
			sd.capture(goldenImage(), new ForwardOptions(300, 0, null), failingSink, Progress.NONE, Cancel.NEVER);
			assertEquals(1, warnings.size(), warnings.toString());
			assertEquals("cpu float32", sd.device());
			assertEquals(2, failingSink.begins);
			assertSameMaps(expected.maps, failingSink.maps);
			// a second error on the CPU is not survived: there is nothing left to fall back to
			failingSink.outOfMemory = 1;
			assertThrows(EngineException.class, () -> sd.capture(goldenImage(), new ForwardOptions(300, 0, null),
				failingSink, Progress.NONE, Cancel.NEVER));
			assertEquals(1, warnings.size());
		}
	}

	/**
	 * Two different images in one pass, plain and with seeded noise: each sink gets the maps of its image's single
	 * pass, to float32 rounding (measured up to 7e-6).
	 */
	@Test
	void aBatchHandsEachImageTheMapsOfItsSinglePass() throws Exception {
		for (ForwardOptions options : new ForwardOptions[] { new ForwardOptions(300, 0, null),
			new ForwardOptions(300, 0, 11L) })
		{
			Collect a = new Collect(), b = new Collect(), aloneA = new Collect(), aloneB = new Collect();
			model.capture(List.of(goldenImage(), mirroredImage()), options, List.of(a, b), Progress.NONE, Cancel.NEVER);
			model.capture(goldenImage(), options, aloneA, Progress.NONE, Cancel.NEVER);
			model.capture(mirroredImage(), options, aloneB, Progress.NONE, Cancel.NEVER);
			assertEquals(16, a.maps.size());
			for (String layer : aloneA.maps.keySet()) {
				double errorA = Golden.relativeError(aloneA.maps.get(layer), a.maps.get(layer)),
					errorB = Golden.relativeError(aloneB.maps.get(layer), b.maps.get(layer));
				assertTrue(errorA <= BATCH_TOLERANCE && errorB <= BATCH_TOLERANCE, layer + ": relative Frobenius errors " +
					errorA + ", " + errorB);
				assertTrue(Golden.relativeError(a.maps.get(layer), b.maps.get(layer)) > 1e-3, layer + ": the images differ");
			}
		}
	}

	/**
	 * Largest relative Frobenius error of a map between a batched and a single pass, 5× below the goldens': PyTorch
	 * runs a batch's convolutions with other kernels than a single image's (the VAE's latents differ by 5e-7), and
	 * the tiny model's random attention amplifies that rounding.
	 */
	static final double BATCH_TOLERANCE = 2e-5;

	@Test
	void batchesOfOtherResolutions_Fail() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.capture(List.of(
			goldenImage(), WorkingImage.ofPixels(new float[3 * 64 * 64], 64)), new ForwardOptions(300, 0, null),
			List.of(new Collect(), new Collect()), Progress.NONE, Cancel.NEVER));
		assertTrue(e.getMessage().contains("working resolutions 128 and 64"), e.getMessage());
	}

	/**
	 * Out of memory in a batch on the GPU: the batch is split in halves on the same device, with one warning, and
	 * later batches run at that size; a single image that runs out of memory then moves the model to the CPU.
	 */
	@Test
	void outOfMemoryInABatchSplitsIt() throws Exception {
		Collect expectedA = new Collect(), expectedB = new Collect();
		model.capture(goldenImage(), new ForwardOptions(300, 0, null), expectedA, Progress.NONE, Cancel.NEVER);
		model.capture(mirroredImage(), new ForwardOptions(300, 0, null), expectedB, Progress.NONE, Cancel.NEVER);
		List<String> warnings = new ArrayList<>();
		try (StableDiffusion sd = StableDiffusion.open(model.config(), StableDiffusion.files(TinyModel.folder()),
			pretendGpu(), Progress.NONE, warnings::add))
		{
			Collect a = new Collect(), b = new Collect();
			a.outOfMemory = 1;
			sd.capture(List.of(goldenImage(), mirroredImage()), new ForwardOptions(300, 0, null), List.of(a, b),
				Progress.NONE, Cancel.NEVER);
			assertEquals(List.of("the GPU ran out of memory for 2 images per pass (CUDA out of memory. Tried to " +
				"allocate 64.00 MiB (GPU 0; 7.79 GiB total capacity)): running at most 1 per pass from now on"), warnings);
			assertEquals(2, a.begins);
			assertEquals(2, b.begins);
			assertSameMaps(expectedA.maps, a.maps);
			assertSameMaps(expectedB.maps, b.maps);

			Collect c = new Collect(), d = new Collect();
			sd.capture(List.of(goldenImage(), mirroredImage()), new ForwardOptions(300, 0, null), List.of(c, d),
				Progress.NONE, Cancel.NEVER);
			assertEquals(1, warnings.size(), "split as before, without a new warning");
			assertEquals(1, c.begins);
			assertSameMaps(expectedB.maps, d.maps);

			Collect single = new Collect();
			single.outOfMemory = 1;
			sd.capture(goldenImage(), new ForwardOptions(300, 0, null), single, Progress.NONE, Cancel.NEVER);
			assertEquals(2, warnings.size());
			assertTrue(warnings.get(1).endsWith("continuing on the CPU, which is much slower"), warnings.get(1));
			assertSameMaps(expectedA.maps, single.maps);
		}
	}

	/** One image per pass on the CPU; on a GPU as many as 70% of its free memory holds, from 1 to 16. */
	@Test
	void defaultBatchFollowsFreeMemory() {
		assertEquals(1, model.defaultBatch(128));
		// tiny model at 128 px, float32 VAE: 8 activations of 32 channels × 128² and 2·(16²)² aggregation floats
		assertEquals(8L * 32 * 128 * 128 * 4 + 2L * 256 * 256 * 4, model.bytesPerImage(128));
		assertEquals(12, StableDiffusion.batchFor(20_000_000_000L, 1_150_000_000L)); // 0.7·20/1.15 = 12.2
		assertEquals(1, StableDiffusion.batchFor(1_000_000_000L, 1_150_000_000L));
		assertEquals(16, StableDiffusion.batchFor(80_000_000_000L, 1_150_000_000L));
	}

	/** Any other engine error is passed on, and the model is not moved. */
	@Test
	void otherEngineErrorsAreNotOutOfMemory_Fail() {
		List<String> warnings = new ArrayList<>();
		StableDiffusion.Source files = StableDiffusion.files(TinyModel.folder());
		StableDiffusion.Source broken = (c, half, p) -> {
			if (c.equals(ModelConfig.UNET)) throw new EngineException("CUDA error: an illegal memory access was encountered");
			return files.open(c, half, p);
		};
		EngineException e = assertThrows(EngineException.class, () -> StableDiffusion.open(model.config(), broken,
			pretendGpu(), Progress.NONE, warnings::add));
		assertTrue(e.getMessage().contains("illegal memory access"), e.getMessage());
		assertTrue(warnings.isEmpty(), warnings.toString());
	}
}
