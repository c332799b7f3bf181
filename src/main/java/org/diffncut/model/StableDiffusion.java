package org.diffncut.model;

import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Cancel;
import org.diffncut.Progress;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;

/**
 * A Stable Diffusion 1.x model loaded once (UNet and VAE encoder weights on the chosen device) that runs the
 * capture pass of Diffusion NCut: image → VAE posterior mean × scaling factor → (optional noise or DDIM inversion)
 * → one UNet pass conditioned on the empty prompt, handing every self-attention map to an {@link AttentionSink}.
 * <p>
 * The empty-prompt text embedding is computed on first use and cached; the text encoder's weights are freed right
 * after. On a GPU, weights and activations are float16 (softmax and norm statistics in float32; the VAE in float32
 * when its config asks for {@code force_upcast}); on the CPU everything is float32. If the GPU runs out of memory,
 * a batch is split in halves and redone (and later batches are split to the size that fit); a single image moves the
 * model to the CPU with a warning and is redone there.
 * <p>
 * A capture takes one image or a batch of them, which go through the VAE and the UNet together, each image with
 * its own attention sink. Captures run one at a time (calls from several threads wait for each other). Close the
 * holder to free native memory.
 */
public final class StableDiffusion implements AutoCloseable {
	/** Opens the weights of one component (unet, vae, text_encoder). */
	interface Source {
		Weights open(String component, boolean preferHalf, Progress progress) throws IOException;
	}

	private final ModelConfig config;
	private final Source source;
	private final Consumer<String> warnings;
	private final Scheduler scheduler;
	private Placement placement;
	private final Meter meter = new Meter();
	private NDManager manager, weights;
	private UNet unet;
	private VaeEncoder vae;
	private PromptCache prompt;
	private final Map<String, Long> parameterCounts = new LinkedHashMap<>();
	/** Largest batch to run in one pass: lowered when a batch runs out of GPU memory. */
	private int batchLimit = Integer.MAX_VALUE;

	private StableDiffusion(ModelConfig config, Source source, Consumer<String> warnings) {
		this.config = config;
		this.source = source;
		this.warnings = warnings;
		this.scheduler = new Scheduler(config.scheduler);
	}

	/**
	 * Loads the diffusers model folder {@code folder} (unet/, vae/, text_encoder/, scheduler/) onto the device.
	 *
	 * @param warnings receives one-line warnings (GPU fallback); e.g. a logger
	 * @throws ModelConfigException for an unsupported configuration, naming file and key
	 * @throws org.diffncut.safetensors.SafeTensorsException for corrupt or mismatching weights, naming file and tensor
	 */
	public static StableDiffusion load(Path folder, DeviceChoice device, Progress progress, Consumer<String> warnings)
		throws IOException
	{
		return load(folder, device, -1, progress, warnings);
	}

	/** As above, on GPU {@code gpu} (a CUDA index) rather than the first one, unless it is -1. */
	public static StableDiffusion load(Path folder, DeviceChoice device, int gpu, Progress progress,
		Consumer<String> warnings) throws IOException
	{
		ModelConfig config = ModelConfig.read(folder);
		for (String component : new String[] { ModelConfig.UNET, ModelConfig.VAE, ModelConfig.TEXT_ENCODER })
			SafeTensorWeights.choose(folder.resolve(component), false); // fail early, before the UNet loads
		return open(config, files(folder), Placement.choose(device, gpu, config.vae), progress, warnings);
	}

	/** The weights of the diffusers model folder {@code folder}. */
	static Source files(Path folder) {
		return (component, half, p) -> SafeTensorWeights.open(folder.resolve(component), half, p);
	}

	/** A model of architecture {@code config} with random weights generated on the device: for benchmarks. */
	public static StableDiffusion withRandomWeights(ModelConfig config, DeviceChoice device, Progress progress,
		Consumer<String> warnings)
	{
		try {
			return open(config, (component, half, p) -> new RandomWeights(), Placement.choose(device, config.vae),
				progress, warnings);
		}
		catch (IOException e) {
			throw new IllegalStateException("random weights cannot fail to load", e);
		}
	}

	/** The model from {@code source} on {@code placement}, or on its fallback if that runs out of memory. */
	static StableDiffusion open(ModelConfig config, Source source, Placement placement, Progress progress,
		Consumer<String> warnings) throws IOException
	{
		StableDiffusion sd = new StableDiffusion(config, source, warnings);
		try {
			try {
				sd.place(placement, progress);
			}
			catch (EngineException e) {
				if (!sd.fallBack(e, progress)) throw e;
			}
		}
		catch (IOException | RuntimeException | Error e) {
			sd.release();
			throw e;
		}
		return sd;
	}

	private void place(Placement p, Progress progress) throws IOException {
		placement = p;
		manager = NDManager.newBaseManager(p.device);
		weights = manager.newSubManager();
		prompt = new PromptCache(config, half -> source.open(ModelConfig.TEXT_ENCODER, half, Progress.NONE),
			manager.newSubManager(), p.unet, meter);
		try (Weights w = source.open(ModelConfig.UNET, p.unet == DataType.FLOAT16, progress.range(0, 0.85))) {
			unet = new UNet(new Parameters(w, weights, p.unet, meter), config.unet);
			parameterCounts.put("UNet", w.loadedElements());
		}
		try (Weights w = source.open(ModelConfig.VAE, p.vae == DataType.FLOAT16, progress.range(0.85, 0.15))) {
			vae = new VaeEncoder(new Parameters(w, weights, p.vae, meter), config.vae);
			parameterCounts.put("VAE encoder", w.loadedElements());
		}
		weights.cap(); // every later array must come from a run's own manager
		progress.report(1, "model loaded");
	}

	private void release() {
		if (manager != null) manager.close();
		manager = weights = null;
		unet = null;
		vae = null;
		prompt = null;
	}

	/** Moves to the placement's fallback after {@code e}, with a warning; false when {@code e} has none. */
	private boolean fallBack(EngineException e, Progress progress) throws IOException {
		Placement fallback = placement.fallbackAfter(e);
		if (fallback == null) return false;
		warnings.accept(Placement.fallbackWarning(e));
		release();
		place(fallback, progress);
		return true;
	}

	public ModelConfig config() {
		return config;
	}

	/** Where and in which precision the model runs now: "cpu float32" or "gpu0 float16". */
	public synchronized String device() {
		checkOpen();
		return placement.toString();
	}

	/** The CUDA index of the GPU the model runs on now, or -1 on the CPU. */
	public synchronized int gpu() {
		checkOpen();
		return placement.gpu() ? placement.device.getDeviceId() : -1;
	}

	synchronized Placement placement() {
		checkOpen();
		return placement;
	}

	/**
	 * Parameters loaded per component: UNet, VAE encoder, and once the prompt is encoded the text encoder (whose
	 * token table is read only at the prompt's tokens).
	 */
	public synchronized Map<String, Long> parameterCounts() {
		Map<String, Long> counts = new LinkedHashMap<>(parameterCounts);
		if (prompt != null && prompt.parameters() > 0) counts.put("text encoder", prompt.parameters());
		return Collections.unmodifiableMap(counts);
	}

	/** Working resolutions must be a positive multiple of this (8 for the VAE × 8 for the UNet in SD 1.x). */
	public int resolutionStep() {
		return config.resolutionStep();
	}

	/** Every self-attention layer, forward order, with its grid at working resolution {@code resolution}. */
	public synchronized List<AttentionLayer> selfAttentionLayers(int resolution) {
		checkOpen();
		config.checkResolution(resolution);
		int latent = resolution / config.vae.downsampling();
		return unet.selfAttentionLayers(latent, latent);
	}

	private void checkOpen() {
		if (manager == null) throw new IllegalStateException("the model was closed: load it again");
	}

	/**
	 * Whether later captures time each block and each kind of dense product ({@link StageCost#blocks}); on a GPU
	 * this waits for the device after every product, which slows the pass.
	 */
	public synchronized void profile(boolean on) {
		meter.profile(on);
	}

	/**
	 * Runs the capture pass on {@code image}, handing self-attention maps to {@code sink}. Captures from several
	 * threads run one after the other. If the GPU runs out of memory, the sink sees {@code begin} again when the
	 * pass is redone on the CPU.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true between steps
	 */
	public CaptureTimes capture(WorkingImage image, ForwardOptions options, AttentionSink sink, Progress progress,
		BooleanSupplier canceled) throws IOException
	{
		return capture(List.of(image), options, List.of(sink), progress, canceled);
	}

	/**
	 * Runs one capture pass on a batch of images of one working resolution, handing image i's self-attention maps
	 * to {@code sinks[i]}; each image's maps are those it would have alone. Returns the batch's times (an image's
	 * share is {@link CaptureTimes#share}). Captures from several threads run one after the other. If the GPU runs
	 * out of memory, the sinks see {@code begin} again when their part of the batch is redone (in smaller batches,
	 * or on the CPU).
	 *
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true between steps
	 */
	public synchronized CaptureTimes capture(List<WorkingImage> images, ForwardOptions options,
		List<AttentionSink> sinks, Progress progress, BooleanSupplier canceled) throws IOException
	{
		checkOpen();
		if (images.isEmpty() || images.size() != sinks.size()) throw new IllegalArgumentException(images.size() +
			" images and " + sinks.size() + " sinks: give one sink per image, and at least one image");
		int resolution = images.get(0).resolution();
		for (WorkingImage image : images)
			if (image.resolution() != resolution) throw new IllegalArgumentException("the images of a batch have " +
				"working resolutions " + resolution + " and " + image.resolution() + ": batch images of one resolution");
		config.checkResolution(resolution);
		if (options.timestep() < 0 || options.timestep() >= scheduler.trainTimesteps())
			throw new IllegalArgumentException("timestep " + options.timestep() + ": use 0 to " +
				(scheduler.trainTimesteps() - 1));
		int n = images.size();
		if (n > batchLimit) return split(images, options, sinks, progress, canceled);
		try {
			return captureOnce(images, options, sinks, progress, canceled);
		}
		catch (EngineException e) {
			if (n > 1 && placement.fallbackAfter(e) != null) { // a smaller batch may fit where this one did not
				batchLimit = n / 2;
				warnings.accept(Placement.splitWarning(e, n, batchLimit));
				return split(images, options, sinks, progress, canceled);
			}
			if (!fallBack(e, Progress.NONE)) throw e;
			return captureOnce(images, options, sinks, progress, canceled);
		}
	}

	/** The capture as consecutive batches of at most {@link #batchLimit} images. */
	private CaptureTimes split(List<WorkingImage> images, ForwardOptions options, List<AttentionSink> sinks,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		int n = images.size();
		CaptureTimes total = null;
		for (int from = 0, to; from < n; from = to) { // the limit may fall while a part runs
			to = Math.min(n, from + batchLimit);
			CaptureTimes part = capture(images.subList(from, to), options, sinks.subList(from, to),
				progress.range(from / (double) n, (to - from) / (double) n), canceled);
			total = total == null ? part : total.plus(part);
		}
		return total;
	}

	/**
	 * Images per pass when none is asked for: 1 on the CPU, where a batch saves little; on a GPU as many as fit in
	 * {@value #FREE_MEMORY_SHARE} of its free memory at {@link #bytesPerImage} each, from 1 to {@value #MAX_BATCH}.
	 */
	public synchronized int defaultBatch(int resolution) {
		checkOpen();
		config.checkResolution(resolution);
		if (!placement.gpu()) return 1;
		MemoryUsage m = CudaUtils.getGpuMemory(placement.device);
		return batchFor(m.getMax() - m.getUsed(), bytesPerImage(resolution));
	}

	/** Share of a GPU's free memory that default batches plan to use; the rest is margin for the allocator. */
	static final double FREE_MEMORY_SHARE = 0.7;
	static final int MAX_BATCH = 16;

	static int batchFor(long freeBytes, long bytesPerImage) {
		return (int) Math.max(1, Math.min(MAX_BATCH, (long) (FREE_MEMORY_SHARE * freeBytes) / bytesPerImage));
	}

	/**
	 * Device memory one image of a pass needs at its peak, which is in the VAE's first level: a ResNet block there
	 * holds at most four activations of C₀ × R² values at once (its input, two intermediates, its output) plus the
	 * convolution's workspace; counted as 8 · C₀ · R² elements of the VAE's type, the rest being margin for the
	 * caching allocator's fragmentation. Plus the aggregation's sums, at most 2 · N² float32 for N grid cells.
	 */
	long bytesPerImage(int resolution) {
		long cells = (long) resolution / config.vae.downsampling() * (resolution / config.vae.downsampling());
		return 8L * config.vae.blockChannels[0] * resolution * resolution * placement.vae.getNumOfBytes() +
			2 * cells * cells * Float.BYTES;
	}

	/**
	 * On a GPU, its memory in use now (PyTorch's cache keeps what the largest pass needed) and its total; null on
	 * the CPU.
	 */
	public synchronized String deviceMemory() {
		checkOpen();
		if (!placement.gpu()) return null;
		MemoryUsage m = CudaUtils.getGpuMemory(placement.device);
		return String.format(Locale.ROOT, "%.2f GB in use of %.2f GB (PyTorch's cache keeps the peak of " +
			"the passes)", m.getUsed() / 1e9, m.getMax() / 1e9);
	}

	private CaptureTimes captureOnce(List<WorkingImage> images, ForwardOptions options, List<AttentionSink> sinks,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		Cancel.check(canceled, "the text encoder");
		meter.start();
		NDArray context = textEmbedding(progress);
		StageCost text = meter.stop(context);
		int passes = options.inversionSteps() + 1, latent = images.get(0).resolution() / config.vae.downsampling();
		double vaeShare = 0.1, passShare = (1 - vaeShare) / passes;
		BatchSinks batch = new BatchSinks(sinks, meter);
		StageCost vaeCost, unetCost;
		try (NDManager run = manager.newSubManager(); NDScope scope = new NDScope()) {
			meter.start();
			NDArray latents = encode(run, images, progress.range(0.02, vaeShare - 0.02), canceled);
			vaeCost = meter.stop(latents);
			meter.start();
			latents = diffuse(latents, context, options, progress.range(vaeShare, 1 - vaeShare - passShare), canceled);
			Cancel.check(canceled, "the UNet pass");
			batch.begin(run, unet.selfAttentionLayers(latent, latent));
			unetCost = meter.stop(unet.forward(latents, options.timestep(), context, batch, progress.range(1 - passShare,
				passShare), canceled));
			batch.end();
		}
		return new CaptureTimes(text, vaeCost, unetCost, new StageCost(batch.seconds(), Arithmetic.NONE));
	}

	/**
	 * The clean latents (B, 4, R/8, R/8) of a batch: VAE posterior mean × scaling factor, in the UNet's type, owned
	 * by {@code run}.
	 */
	NDArray encode(NDManager run, List<WorkingImage> images, Progress progress, BooleanSupplier canceled) {
		Cancel.check(canceled, "the VAE encoder");
		int r = images.get(0).resolution(), plane = 3 * r * r;
		float[] pixels = images.get(0).pixels(); // one image: handed over as it is
		if (images.size() > 1) {
			pixels = new float[images.size() * plane];
			for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i).pixels(), 0, pixels, i * plane, plane);
		}
		NDArray x = run.create(pixels, new Shape(images.size(), 3, r, r)).toType(placement.vae, false);
		return vae.posteriorMean(x, progress, canceled).mul((float) config.vae.scalingFactor)
			.toType(placement.unet, false);
	}

	/** The latents the capture pass sees (see {@link ForwardProcess}). */
	NDArray diffuse(NDArray clean, NDArray context, ForwardOptions options, Progress progress, BooleanSupplier canceled) {
		return new ForwardProcess(scheduler, unet).latents(clean, context, options, progress, canceled);
	}

	/** The cached empty-prompt embedding (1, 77, hidden) in the UNet's type; computed and cached on first use. */
	NDArray textEmbedding(Progress progress) throws IOException {
		return prompt.embedding(progress);
	}

	/** Arrays alive in the model's managers: constant between captures unless something leaks. */
	int liveArrays() {
		return ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays().size();
	}

	Scheduler scheduler() {
		return scheduler;
	}

	UNet unet() {
		return unet;
	}

	/** Frees the model's native memory; later calls fail. Closing twice is harmless. */
	@Override
	public synchronized void close() {
		release();
	}
}
