package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.image.IntensityWindow;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.Yardstick;
import org.diffncut.model.ModelConfig;
import org.diffncut.model.WorkingImage;
import org.diffncut.nifti.NiftiHeader;
import org.diffncut.nifti.NiftiVolume;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.volume.Channels;
import org.diffncut.volume.VolumeSegmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffncut bench-volume}: one synthetic BraTS-sized case (240×240×155, four modalities, background 0 outside
 * an ellipsoidal brain) through the volume pipeline with SD 1.4-size random weights: per-stage times per slice and
 * per case, in units of a reference product measured in the same run, the share of slices with no model pass and
 * the peak memory.
 */
@Command(name = "bench-volume", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Benchmarks the volume pipeline on a synthetic 240x240x155 four-modality case with the Stable " +
		"Diffusion 1.4 architecture and random weights: time per stage per slice and per case, slices with no model " +
		"pass, peak memory." })
final class BenchVolumeCommand implements Callable<Integer> {
	static final int NX = 240, NY = 240, NZ = 155;

	@Spec
	private CommandSpec spec;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
		description = "Where the model runs (default: ${DEFAULT-VALUE}).")
	private DeviceChoice device;

	@Option(names = "--resolution", defaultValue = "512", paramLabel = "PX",
		description = "Working resolution, a multiple of 64 (default: ${DEFAULT-VALUE}).")
	private int resolution;

	@Option(names = "--slices", defaultValue = "155", paramLabel = "N",
		description = "Segment N slices spread evenly over the case (empty ones included) and scale the per-slice " +
			"times to the whole case; 155 runs it all (default: ${DEFAULT-VALUE}).")
	private int slices;

	@Option(names = "--batch", paramLabel = "B", description = "Slices per model pass (default: 1 on the CPU; on a " +
		"GPU as many as its free memory holds, see the README).")
	private Integer batch;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		if (slices < 1 || slices > NZ) throw new IllegalArgumentException("--slices must be 1.." + NZ);
		int[] picked = new int[slices];
		for (int i = 0; i < slices; i++) picked[i] = slices == 1 ? NZ / 2 : (int) Math.round(i * (NZ - 1.0) / (slices - 1));
		List<NiftiVolume> modalities = syntheticCase(picked);
		long start = System.nanoTime();
		Channels channels = Channels.of(modalities.subList(0, 3), List.of("flair", "t1ce", "t2"),
			IntensityWindow.Mode.PERCENTILES);
		double windowing = (System.nanoTime() - start) * 1e-9;
		int foregroundSlices = 0;
		for (int k = 0; k < NZ; k++)
			if (inBrainSlice(k)) foregroundSlices++;
		StableDiffusion built;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			built = StableDiffusion.withRandomWeights(ModelConfig.stableDiffusion14(), device, bar,
				w -> err.println("diffncut: warning: " + w));
		}
		try (DiffusionSegmenter segmenter = new DiffusionSegmenter(built)) {
			double reference = Yardstick.productSeconds(built, BenchModelCommand.REFERENCE_SIDE);
			out.printf(Locale.ROOT, "device %s; reference: %d^3 product %.3f s%n", built.device(),
				BenchModelCommand.REFERENCE_SIDE, reference);
			AttentionOptions a = AttentionOptions.defaults().withResolution(resolution).withFit(WorkingImage.Fit.PAD);
			VolumeSegmenter.Result r;
			try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
				VolumeSegmenter volume = VolumeSegmenter.of(segmenter, a, CutOptions.DEFAULTS, 2, batch);
				r = volume.segment(channels, bar, Cancel.NEVER);
			}
			out.printf(Locale.ROOT, "%d of %d slices segmented at %d px, %d had no foreground and no model pass; " +
				"%d segments%n", r.segmented, r.slices, resolution, r.slices - r.segmented, r.segments);
			out.printf(Locale.ROOT, "whole case: %d of %d slices have foreground (%.0f%% get no model pass)%n",
				foregroundSlices, NZ, 100.0 * (NZ - foregroundSlices) / NZ);
			out.printf(Locale.ROOT, "windowing %.2f s (%d slices)%n", windowing, slices);
			out.println("stage          per slice   x reference    per case (scaled to " + foregroundSlices + " slices)");
			double total = 0;
			for (Map.Entry<String, Double> e : r.timings.seconds().entrySet()) {
				if (e.getKey().equals(DiffusionSegmenter.TEXT)) continue; // once per model load, below
				double perSlice = e.getValue() / Math.max(1, r.segmented);
				total += perSlice;
				row(out, e.getKey(), perSlice, reference, foregroundSlices);
			}
			row(out, "total", total, reference, foregroundSlices);
			double text = r.timings.seconds().getOrDefault(DiffusionSegmenter.TEXT, 0.0);
			out.printf(Locale.ROOT, "  text encoder %.3f s = %.2f x reference, once per model load (a batch of cases " +
				"pays it once)%n", text, text / reference);
		}
		out.printf(Locale.ROOT, "peak memory: JVM heap %.2f GB (sum of pool peaks), process RSS %s%n",
			BenchModelCommand.heapPeak() / 1e9, BenchModelCommand.residentPeak());
		return 0;
	}

	private static void row(PrintWriter out, String name, double perSlice, double reference, int slices) {
		out.printf(Locale.ROOT, "  %-12s %8.3f s  %8.2f x      %9.1f s = %7.1f x%n", name, perSlice, perSlice / reference,
			perSlice * slices, perSlice * slices / reference);
	}

	/** Whether slice k cuts the brain ellipsoid of {@link #syntheticCase}. */
	static boolean inBrainSlice(int k) {
		return Math.abs(k - 77.0) / 62 < 1;
	}

	/**
	 * Four modalities over the slices {@code ks} of a 240×240×155 case: an ellipsoidal brain (semi-axes 85, 100, 62
	 * voxels) with grey/white-matter-like bands, a tumour sphere with a core, seeded noise; 0 outside the brain.
	 */
	static List<NiftiVolume> syntheticCase(int[] ks) {
		NiftiHeader h = NiftiHeader.create(NX, NY, ks.length, new double[] { 1, 1, 1 });
		Random random = new Random(42);
		double[][] tissue = { { 300, 500, 900, 1400 }, { 600, 450, 700, 1800 }, { 800, 400, 1200, 1600 },
			{ 500, 550, 650, 900 } }; // per modality: grey, white, tumour rim, core
		List<NiftiVolume> volumes = new ArrayList<>();
		for (int m = 0; m < 4; m++) {
			double[] v = new double[NX * NY * ks.length];
			for (int s = 0; s < ks.length; s++)
				for (int y = 0; y < NY; y++)
					for (int x = 0; x < NX; x++) {
						double ex = (x - 120) / 85.0, ey = (y - 120) / 100.0, ez = (ks[s] - 77) / 62.0;
						double r = Math.sqrt(ex * ex + ey * ey + ez * ez);
						if (r >= 1) continue;
						double tumour = Math.sqrt(Math.pow(x - 150, 2) + Math.pow(y - 100, 2) + Math.pow(ks[s] - 80, 2));
						int t = tumour < 10 ? 3 : tumour < 22 ? 2 : ((int) (r * 8)) % 2;
						v[x + NX * (y + NY * s)] = tissue[m][t] * (1 + 0.05 * random.nextGaussian());
					}
			volumes.add(new NiftiVolume(h, v));
		}
		return volumes;
	}
}
