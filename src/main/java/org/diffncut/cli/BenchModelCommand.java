package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionExtractor;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.AttentionResult;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.ModelConfig;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.CaptureTimes;
import org.diffncut.model.Yardstick;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffncut bench-model}: the attention stage at full Stable Diffusion 1.4 size (random weights, no download),
 * timed per stage, each also in units of a reference matrix product measured in the same run, plus peak memory.
 */
@Command(name = "bench-model", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Benchmarks attention extraction with the Stable Diffusion 1.4 architecture (860M-parameter UNet, " +
		"VAE encoder, CLIP ViT-L/14 text encoder) and random weights: time per stage and peak memory." })
final class BenchModelCommand implements Callable<Integer> {
	/** Side of the reference product: 2·4096³ ≈ 137 GFLOP. */
	static final int REFERENCE_SIDE = 4096;

	@Spec
	private CommandSpec spec;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
		description = "Where the model runs (default: ${DEFAULT-VALUE}).")
	private DeviceChoice device;

	@Option(names = "--size", defaultValue = "512", paramLabel = "PX",
		description = "Working resolution, a multiple of 64 (default: ${DEFAULT-VALUE}).")
	private int size;

	@Option(names = "--runs", defaultValue = "1", paramLabel = "N",
		description = "Images to run; the first also encodes the prompt, later ones reuse it (default: ${DEFAULT-VALUE}).")
	private int runs;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
		ModelConfig config = ModelConfig.stableDiffusion14();
		out.println("Stable Diffusion 1.4 architecture, random weights: " + config);
		long start = System.nanoTime();
		StableDiffusion built;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			built = StableDiffusion.withRandomWeights(config, device, bar, w -> err.println("diffncut: warning: " + w));
		}
		try (StableDiffusion sd = built) {
			double build = seconds(start);
			double reference = Yardstick.productSeconds(sd, REFERENCE_SIDE);
			out.printf(Locale.ROOT, "device %s; weights built in %.1f s%n", sd.device(), build);
			out.printf(Locale.ROOT, "reference: %d^3 product %.3f s (%.0f GFLOP/s)%n", REFERENCE_SIDE, reference,
				2.0 * Math.pow(REFERENCE_SIDE, 3) / reference * 1e-9);
			AttentionOptions options = AttentionOptions.defaults().withResolution(size);
			AttentionExtractor extractor = new AttentionExtractor(sd);
			for (int run = 1; run <= runs; run++) {
				AttentionResult r = extractor.extract(image(size, run), options, Progress.NONE, Cancel.NEVER);
				CaptureTimes t = r.times();
				out.printf(Locale.ROOT, "run %d at %d px (%s, P %dx%d):%n", run, size, options, r.transitions().size(),
					r.transitions().size());
				stage(out, "text encoder", t.text(), reference);
				stage(out, "VAE encoder", t.vae(), reference);
				stage(out, "UNet", t.unet(), reference);
				stage(out, "aggregation", t.aggregation(), reference);
				stage(out, "total", t.total(), reference);
			}
			for (Map.Entry<String, Long> e : sd.parameterCounts().entrySet())
				out.printf(Locale.ROOT, "parameters loaded: %-13s %7.1f M%n", e.getKey(), e.getValue() * 1e-6);
		}
		out.printf(Locale.ROOT, "peak memory: JVM heap %.2f GB (sum of pool peaks), process RSS %s%n", heapPeak() / 1e9,
			residentPeak());
		return 0;
	}

	private static void stage(PrintWriter out, String name, double seconds, double reference) {
		out.printf(Locale.ROOT, "  %-13s %8.2f s  = %6.1f x reference%n", name, seconds, seconds / reference);
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) * 1e-9;
	}

	/** A seeded colourful test image: smooth ramps plus random rectangles, so attention is not degenerate. */
	private static ArrayImg<ARGBType, IntArray> image(int side, long seed) {
		Random random = new Random(seed);
		int[] argb = new int[side * side];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) argb[y * side + x] = 0xff000000 | (255 * x / side) << 16 | (255 * y / side) << 8 | 128;
		for (int k = 0; k < 6; k++) {
			int x0 = random.nextInt(side), y0 = random.nextInt(side), w = 1 + random.nextInt(side / 3),
				h = 1 + random.nextInt(side / 3), colour = 0xff000000 | random.nextInt(0x1000000);
			for (int y = y0; y < Math.min(side, y0 + h); y++)
				for (int x = x0; x < Math.min(side, x0 + w); x++) argb[y * side + x] = colour;
		}
		return ArrayImgs.argbs(argb, side, side);
	}

	static long heapPeak() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
		return sum;
	}

	/** VmHWM of /proc/self/status (Linux): the peak resident set, native tensors included. */
	static String residentPeak() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.US_ASCII))
				if (line.startsWith("VmHWM:")) {
					long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
					return String.format(Locale.ROOT, "%.2f GB (VmHWM)", kb * 1024 / 1e9);
				}
		}
		catch (IOException | RuntimeException e) {
			// not Linux: no figure
		}
		return "not available on this system";
	}
}
