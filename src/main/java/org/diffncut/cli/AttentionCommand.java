package org.diffncut.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.AttentionResult;
import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.io.OutputPlan;
import org.diffncut.io.RgbImages;
import org.diffncut.pipeline.DiffusionSegmenter;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffncut attention}: the transition matrix P of one image, written as safetensors. */
@Command(name = "attention", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Extract the Stable Diffusion self-attention of one image, aggregated into the row-stochastic " +
		"transition matrix P (DiffSeg), and write it as tensor P (float32 [N,N]) with the grid, the image size " +
		"and the window as metadata, for 'diffncut cut'." })
final class AttentionCommand implements Callable<Integer> {
	@Spec
	private CommandSpec spec;

	@Option(names = "--image", required = true, paramLabel = "IMG", description = "PNG, JPEG, BMP or GIF image.")
	private Path image;

	@Option(names = "--out", required = true, paramLabel = "P.safetensors", description = "Output file.")
	private Path out;

	@Mixin
	private ModelOptionsMixin model;

	@Mixin
	private AttentionOptionsMixin attention;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		new OutputPlan().input("--image", image).output("--out", this.out);
		AttentionOptions options = attention.options();
		ArrayImg<ARGBType, IntArray> rgb = RgbImages.read(image, w -> spec.commandLine().getErr().println("diffncut: warning: " + w));
		AttentionResult result;
		String device;
		try (DiffusionSegmenter segmenter = model.open(options, err);
			ProgressBar bar = new ProgressBar(err, System.console() != null))
		{
			result = segmenter.attention(rgb, options, bar, Cancel.NEVER);
			device = segmenter.model().device();
		}
		TransitionMatrix p = result.transitions();
		Map<String, String> extra = new LinkedHashMap<>();
		extra.put("options", options.toString());
		extra.put("source", image.toString());
		AttentionFile.writer(p, GridPlacement.of((int) rgb.dimension(0), (int) rgb.dimension(1), result.window()), extra)
			.write(this.out);
		out.println("P " + p.size() + "x" + p.size() + " on a " + p.gridHeight() + "x" + p.gridWidth() + " grid from " +
			result.layerWeights().size() + " layers (" + device + ") -> " + this.out);
		err.println("time: " + DiffusionSegmenter.timings(result.times()));
		return 0;
	}
}
