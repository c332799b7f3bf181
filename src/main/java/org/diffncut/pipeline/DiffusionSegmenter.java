package org.diffncut.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Progress;
import org.diffncut.attention.AttentionExtractor;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.AttentionResult;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.ModelConfig;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.CaptureTimes;
import org.diffncut.hub.ModelSource;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

/**
 * Diffusion NCut for any number of images with one loaded model: Stable Diffusion self-attention → graph →
 * recursive normalised cut → labels at each image's own size. One image at a time (the model is not
 * thread-safe); close it to release the model's memory.
 */
public final class DiffusionSegmenter implements AutoCloseable {
	/** The stage of {@link #timings} that encodes the empty prompt: once per model load, not per image. */
	public static final String TEXT = "text";

	private final StableDiffusion model;
	private final AttentionExtractor extractor;

	public DiffusionSegmenter(StableDiffusion model) {
		this.model = model;
		this.extractor = new AttentionExtractor(model);
	}

	/**
	 * Loads the model named by {@code spec}: a diffusers-layout folder, or a Hugging Face repo id (default
	 * CompVis/stable-diffusion-v1-4) found in the Hugging Face cache or downloaded into it.
	 */
	public static DiffusionSegmenter open(String spec, ModelSource.Options source, DeviceChoice device, Progress progress,
		Consumer<String> warnings) throws IOException
	{
		return open(spec, source, device, null, progress, warnings);
	}

	/**
	 * As above, and checks {@code planned} against the model's configuration before the weights load, so a bad
	 * working resolution or timestep fails in a second rather than after minutes of loading.
	 */
	public static DiffusionSegmenter open(String spec, ModelSource.Options source, DeviceChoice device,
		AttentionOptions planned, Progress progress, Consumer<String> warnings) throws IOException
	{
		return open(spec, source, device, -1, planned, progress, warnings);
	}

	/** As above, on GPU {@code gpu} (a CUDA index, e.g. the one Spark gave a task) rather than the first, unless -1. */
	public static DiffusionSegmenter open(String spec, ModelSource.Options source, DeviceChoice device, int gpu,
		AttentionOptions planned, Progress progress, Consumer<String> warnings) throws IOException
	{
		Path folder = ModelSource.resolve(spec, source, progress.range(0, 0.7));
		if (planned != null) {
			ModelConfig config = ModelConfig.read(folder);
			config.checkResolution(planned.resolution());
			config.checkTimestep(planned.timestep());
		}
		return new DiffusionSegmenter(StableDiffusion.load(folder, device, gpu, progress.range(0.7, 0.3), warnings));
	}

	public StableDiffusion model() {
		return model;
	}

	/**
	 * Segments {@code image} (2-D, packed ARGB, any size); the labels come at the image's size. A cut on device
	 * auto runs where the model runs.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true
	 */
	public Segmentation segment(RandomAccessibleInterval<ARGBType> image, AttentionOptions attention, CutOptions cut,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		AttentionResult a = extractor.extract(image, attention, progress.range(0, 0.85), canceled);
		Timings timings = timings(a.times());
		int width = (int) image.dimension(0), height = (int) image.dimension(1);
		return AttentionCut.segment(a.transitions(), a.window(), width, height, placed(cut), timings,
			progress.range(0.85, 0.15), canceled);
	}

	/** {@code cut} on this model's device: auto follows the model, and the model's GPU is the cut's (see {@link CutOptions#besideModel}). */
	public CutOptions placed(CutOptions cut) {
		return cut.besideModel(model.gpu());
	}

	/** The attention stage alone, for tools that save P. */
	public AttentionResult attention(RandomAccessibleInterval<ARGBType> image, AttentionOptions attention,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		return extractor.extract(image, attention, progress, canceled);
	}

	/** The attention stage alone for a batch of images in one model pass, each getting the P it would get alone. */
	public List<AttentionResult> attention(List<? extends RandomAccessibleInterval<ARGBType>> images,
		AttentionOptions attention, Progress progress, BooleanSupplier canceled) throws IOException
	{
		return extractor.extract(images, attention, progress, canceled);
	}

	/** The attention stages as {@link Timings}: text, vae, unet, aggregation. */
	public static Timings timings(CaptureTimes t) {
		Timings timings = new Timings();
		timings.add(TEXT, t.text());
		timings.add("vae", t.vae());
		timings.add("unet", t.unet());
		timings.add("aggregation", t.aggregation());
		return timings;
	}

	@Override
	public void close() {
		model.close();
	}
}
