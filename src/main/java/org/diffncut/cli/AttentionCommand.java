package org.diffncut.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.attention.AttentionExtractor;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.AttentionResult;
import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.image.Window;
import org.diffncut.io.RgbImages;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.ModelConfig;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.WorkingImage;
import org.diffncut.safetensors.SafeTensorsWriter;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffncut attention}: the transition matrix P of one image, written as safetensors. */
@Command(name = "attention", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Extracts Stable Diffusion self-attention of one image, aggregated into the row-stochastic " +
		"transition matrix P (DiffSeg), and writes it as tensor P (float32 [N,N]) with the grid as metadata." })
final class AttentionCommand implements Callable<Integer> {
	@Spec
	private CommandSpec spec;

	@Option(names = "--model", required = true, paramLabel = "DIR",
		description = "Diffusers model folder (unet/, vae/, text_encoder/, scheduler/), e.g. a stable-diffusion-v1-4 snapshot.")
	private Path model;

	@Option(names = "--image", required = true, paramLabel = "IMG", description = "PNG, JPEG, BMP or GIF image.")
	private Path image;

	@Option(names = "--out", required = true, paramLabel = "P.safetensors", description = "Output file.")
	private Path out;

	@Option(names = "--resolution", defaultValue = "512", paramLabel = "PX",
		description = "Working size in pixels, a multiple of 64 (default: ${DEFAULT-VALUE}).")
	private int resolution;

	@Option(names = "--timestep", defaultValue = "300", paramLabel = "T", description = "UNet timestep, 0-999 (default: ${DEFAULT-VALUE}).")
	private int timestep;

	@Option(names = "--layers", defaultValue = "all", converter = Converters.Layers.class, paramLabel = "all|decoder",
		description = "Self-attention layers: all 16, or the decoder and mid block (default: ${DEFAULT-VALUE}).")
	private LayerSet layers;

	@Option(names = "--resolutions", converter = Converters.Grids.class, paramLabel = "all|SIDES",
		description = "Attention grid sides that take part, e.g. 64,32,16, or all (default: the three finest, " +
			"64,32,16 at 512 px).")
	private GridSelection grids = GridSelection.defaults();

	@Option(names = "--inversion-steps", defaultValue = "0", paramLabel = "N",
		description = "DDIM-invert the latents through the first N of 50 steps before the pass (default: ${DEFAULT-VALUE}).")
	private int inversionSteps;

	@Option(names = "--noise-seed", paramLabel = "SEED",
		description = "Add seeded Gaussian noise at the timestep (default: no noise).")
	private Long noiseSeed;

	@Option(names = "--fit", defaultValue = "crop", converter = Converters.Fit.class, paramLabel = "crop|pad",
		description = "Make the image square by a centre crop or by black padding (default: ${DEFAULT-VALUE}).")
	private WorkingImage.Fit fit;

	@Option(names = "--device", defaultValue = "auto", converter = Converters.Device.class, paramLabel = "auto|cpu|gpu",
		description = "Where the model runs; auto takes a GPU when PyTorch sees one (default: ${DEFAULT-VALUE}).")
	private DeviceChoice device;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		AttentionOptions options = AttentionOptions.defaults().withResolution(resolution).withTimestep(timestep)
			.withLayers(layers).withGrids(grids).withInversionSteps(inversionSteps).withNoiseSeed(noiseSeed).withFit(fit);
		StderrProgress progress = new StderrProgress(err);
		ModelConfig.read(model).checkResolution(resolution); // before minutes of loading
		ArrayImg<ARGBType, IntArray> rgb = RgbImages.read(image);
		AttentionResult result;
		try (StableDiffusion sd = StableDiffusion.load(model, device, progress, w -> err.println("diffncut: warning: " + w))) {
			result = new AttentionExtractor(sd).extract(rgb, options, progress, Cancel.NEVER);
			out.println("device " + sd.device());
		}
		TransitionMatrix p = result.transitions();
		Window w = result.window();
		String grid = p.gridHeight() + "x" + p.gridWidth();
		new SafeTensorsWriter()
			.metadata("grid", grid)
			.metadata("window", String.format(Locale.ROOT, "%s,%s,%s,%s", w.x0(), w.y0(), w.width(), w.height()))
			.metadata("image", rgb.dimension(0) + "x" + rgb.dimension(1))
			.metadata("options", options.toString())
			.add("P", p.data(), p.size(), p.size())
			.write(this.out);
		out.println("P " + p.size() + "x" + p.size() + " on a " + grid + " grid from " + result.layerWeights().size() +
			" layers -> " + this.out);
		out.println(result.times());
		return 0;
	}
}
