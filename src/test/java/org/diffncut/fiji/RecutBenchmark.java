package org.diffncut.fiji;

import java.util.Locale;

import org.diffncut.Cancel;
import org.diffncut.Fixtures;
import org.diffncut.Progress;
import org.diffncut.hub.ModelSource;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;
import org.diffncut.ij.TestImages;
import org.diffncut.model.DeviceChoice;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.Segmentation;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.img.array.ArrayImgs;

/**
 * Re-cut latency against a full run, on a 512² image at 512 px (a 64×64 grid, N = 4096, as with SD 1.4; the
 * tiny model's weights do not change the cut's cost). Usage (after mvn test-compile):
 * {@code java -cp target/classes:target/test-classes:target/lib/* org.diffncut.fiji.RecutBenchmark [range]}
 */
public final class RecutBenchmark {
	public static void main(String[] args) throws Exception {
		double range = args.length > 0 ? Double.parseDouble(args[0]) : 0.97;
		ImageProcessor ip = TestImages.rgb().getProcessor().resize(512, 512);
		ImagePlus imp = new ImagePlus("512", ip);
		Settings settings = Settings.of(k -> k.equals(Opt.RESOLUTION) ? "512" : k.equals(Opt.STOP) ? "manc-mincut" :
			k.equals(Opt.RECUT_RANGE) ? String.valueOf(range) : null);
		try (DiffusionSegmenter segmenter = DiffusionSegmenter.open(Fixtures.tinySd14().resolve("model").toString(),
			ModelSource.Options.fromEnvironment(), DeviceChoice.CPU, Progress.NONE, w -> { }))
		{
			int[] argb = (int[]) imp.getProcessor().getPixels();
			long t0 = System.nanoTime();
			Segmentation s = segmenter.segment(ArrayImgs.argbs(argb, 512, 512), settings.attention(), settings.cut(),
				Progress.NONE, Cancel.NEVER);
			double full = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "full run (tree grown to ncut:%.2f): %.2f s, %s%n", range, full, s.timings());
			double[] taus = { 0.5, 0.9, 0.95, range };
			for (int round = 0; round < 3; round++)
				for (double tau : taus) {
					long t = System.nanoTime();
					Segmentation r = s.recut(StoppingRule.ncut(tau));
					double ms = (System.nanoTime() - t) / 1e6;
					if (round == 2) System.out.printf(Locale.ROOT, "re-cut ncut:%.2f -> %d segments in %.1f ms (%.0fx " +
						"faster than the full run)%n", tau, r.labels().count(), ms, full * 1000 / ms);
				}
		}
	}
}
