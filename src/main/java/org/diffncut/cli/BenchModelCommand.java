package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import org.diffncut.model.CaptureTimes;
import org.diffncut.model.StableDiffusion;
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
 * timed per stage against the arithmetic each stage ran, in units of a reference matrix product measured between the
 * passes of the same run, plus peak memory.
 * <p>
 * A stage's floor is its FLOPs at the reference product's rate (the best of all its timings): ratio = seconds ÷
 * (FLOPs ÷ rate). Convolutions may beat it where the convolution library uses wider vector units than the product.
 */
@Command(name = "bench-model", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Benchmarks attention extraction with the Stable Diffusion 1.4 architecture (860M-parameter UNet, " +
		"VAE encoder, CLIP ViT-L/14 text encoder) and random weights: per stage the FLOPs, the time and its ratio to " +
		"the arithmetic floor, and peak memory." })
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
		description = "Passes to run; the first also encodes the prompt, later ones reuse it (default: ${DEFAULT-VALUE}).")
	private int runs;

	@Option(names = "--batch", paramLabel = "B",
		description = "Images per pass, times per image (default: 1 on the CPU; on a GPU as many as its free memory " +
			"holds, see the README).")
	private Integer batch;

	@Option(names = "--blocks",
		description = "Also time each block of the VAE and the UNet and each kind of product (on a GPU this waits " +
			"for the device after every product).")
	private boolean blocks;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
		if (batch != null && batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
		ModelConfig config = ModelConfig.stableDiffusion14();
		out.println("Stable Diffusion 1.4 architecture, random weights: " + config);
		long start = System.nanoTime();
		StableDiffusion built;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			built = StableDiffusion.withRandomWeights(config, device, bar, w -> err.println("diffncut: warning: " + w));
		}
		List<CaptureTimes> perImage = new ArrayList<>();
		List<Double> references = new ArrayList<>();
		int images;
		try (StableDiffusion sd = built) {
			double build = seconds(start);
			images = batch != null ? batch : sd.defaultBatch(size);
			sd.profile(blocks);
			out.printf(Locale.ROOT, "device %s; weights built in %.1f s; %d image%s per pass%n", sd.device(), build, images,
				images == 1 ? "" : "s");
			AttentionOptions options = AttentionOptions.defaults().withResolution(size);
			AttentionExtractor extractor = new AttentionExtractor(sd);
			references.add(Yardstick.productSeconds(sd, REFERENCE_SIDE));
			for (int run = 1; run <= runs; run++) {
				List<ArrayImg<ARGBType, IntArray>> pass = new ArrayList<>();
				for (int i = 0; i < images; i++) pass.add(image(size, (run - 1L) * images + i + 1));
				long faults = pageFaults();
				List<AttentionResult> r = extractor.extract(pass, options, Progress.NONE, Cancel.NEVER);
				faults = faults < 0 ? -1 : pageFaults() - faults;
				CaptureTimes t = r.get(0).times(); // every image of a batch has the same share
				perImage.add(t);
				references.add(Yardstick.productSeconds(sd, REFERENCE_SIDE));
				out.printf(Locale.ROOT, "run %d at %d px (%s, P %dx%d), per image: %s; reference after it %.3f s%s%n", run,
					size, options, r.get(0).transitions().size(), r.get(0).transitions().size(), t,
					references.get(references.size() - 1), faults < 0 ? "" : "; page faults in the pass " + faults);
			}
			for (Map.Entry<String, Long> e : sd.parameterCounts().entrySet())
				out.printf(Locale.ROOT, "parameters loaded: %-13s %7.1f M%n", e.getKey(), e.getValue() * 1e-6);
			String gpu = sd.deviceMemory();
			if (gpu != null) out.println("GPU memory: " + gpu);
		}
		double reference = Collections.min(references), rate = 2.0 * Math.pow(REFERENCE_SIDE, 3) / reference;
		out.printf(Locale.ROOT, "reference: %d^3 product timed before the first pass and after each (best of 3 each " +
			"time): best %.3f s, worst %.3f s; floor rate %.1f GFLOP/s%n", REFERENCE_SIDE, reference,
			Collections.max(references), rate * 1e-9);
		new FloorTable(out, reference, rate).print(perImage, blocks);
		out.printf(Locale.ROOT, "peak memory: JVM heap %.2f GB (sum of pool peaks), process RSS %s%n", heapPeak() / 1e9,
			residentPeak());
		return 0;
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

	/**
	 * Page faults of this process so far, minor and major (Linux; −1 elsewhere). A pass whose tensors land in fresh
	 * memory pays one per 4 KB page, several µs each on some virtual machines, which the reference product, whose
	 * operands stay allocated, does not: printed beside each pass's time, the count shows that share of it.
	 */
	static long pageFaults() {
		try {
			return pageFaults(new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII));
		}
		catch (IOException | RuntimeException e) {
			return -1; // not Linux: no figure
		}
	}

	/**
	 * minflt + majflt of a /proc/[pid]/stat line (fields 10 and 12), counted after the last ')': the command name
	 * before it may hold spaces and parentheses.
	 */
	static long pageFaults(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" +");
		return Long.parseLong(fields[7]) + Long.parseLong(fields[9]);
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
