package org.diffncut.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * A Stable Diffusion 1.x model loaded once (UNet and VAE encoder weights on the chosen device) that runs the
 * capture pass of Diffusion NCut: image → VAE posterior mean × scaling factor → (optional noise or DDIM inversion)
 * → one UNet pass conditioned on the empty prompt, handing every self-attention map to an {@link AttentionSink}.
 * <p>
 * The empty-prompt text embedding is computed on first use and cached; the text encoder's weights are freed right
 * after. On a GPU, weights and activations are float16 (softmax and norm statistics in float32; the VAE in float32
 * when its config asks for {@code force_upcast}); on the CPU everything is float32. If the GPU runs out of memory,
 * the model moves to the CPU with a warning and the work is redone there.
 * <p>
 * Captures run one at a time (calls from several threads wait for each other). Close the holder to free native
 * memory.
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
	private NDManager manager, weights;
	private UNet unet;
	private VaeEncoder vae;
	private PromptCache prompt;
	private final Map<String, Long> parameterCounts = new LinkedHashMap<>();

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
			manager.newSubManager(), p.unet);
		try (Weights w = source.open(ModelConfig.UNET, p.unet == DataType.FLOAT16, progress.range(0, 0.85))) {
			unet = new UNet(new Parameters(w, weights, p.unet), config.unet);
			parameterCounts.put("UNet", w.loadedElements());
		}
		try (Weights w = source.open(ModelConfig.VAE, p.vae == DataType.FLOAT16, progress.range(0.85, 0.15))) {
			vae = new VaeEncoder(new Parameters(w, weights, p.vae), config.vae);
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
	 * Runs the capture pass on {@code image}, handing self-attention maps to {@code sink}. Captures from several
	 * threads run one after the other. If the GPU runs out of memory, the sink sees {@code begin} again when the
	 * pass is redone on the CPU.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true between steps
	 */
	public synchronized CaptureTimes capture(WorkingImage image, ForwardOptions options, AttentionSink sink,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		checkOpen();
		config.checkResolution(image.resolution());
		if (options.timestep() < 0 || options.timestep() >= scheduler.trainTimesteps())
			throw new IllegalArgumentException("timestep " + options.timestep() + ": use 0 to " +
				(scheduler.trainTimesteps() - 1));
		try {
			return captureOnce(image, options, sink, progress, canceled);
		}
		catch (EngineException e) {
			if (!fallBack(e, Progress.NONE)) throw e;
			return captureOnce(image, options, sink, progress, canceled);
		}
	}

	private CaptureTimes captureOnce(WorkingImage image, ForwardOptions options, AttentionSink sink, Progress progress,
		BooleanSupplier canceled) throws IOException
	{
		Cancel.check(canceled, "the text encoder");
		long start = System.nanoTime();
		NDArray context = textEmbedding(progress);
		long textDone = System.nanoTime();
		int passes = options.inversionSteps() + 1, latent = image.resolution() / config.vae.downsampling();
		double vaeShare = 0.1, passShare = (1 - vaeShare) / passes;
		TimedSink timed = new TimedSink(sink);
		long vaeDone;
		try (NDManager run = manager.newSubManager(); NDScope scope = new NDScope()) {
			NDArray latents = encode(run, image, progress.range(0.02, vaeShare - 0.02), canceled);
			sync(latents);
			vaeDone = System.nanoTime();
			latents = diffuse(latents, context, options, progress.range(vaeShare, 1 - vaeShare - passShare), canceled);
			Cancel.check(canceled, "the UNet pass");
			timed.begin(run, unet.selfAttentionLayers(latent, latent));
			sync(unet.forward(latents, options.timestep(), context, timed, progress.range(1 - passShare, passShare),
				canceled));
			timed.end();
		}
		long end = System.nanoTime();
		double aggregation = timed.seconds();
		return new CaptureTimes((textDone - start) * 1e-9, (vaeDone - textDone) * 1e-9,
			(end - vaeDone) * 1e-9 - aggregation, aggregation);
	}

	/** The clean latents (1, 4, R/8, R/8): VAE posterior mean × scaling factor, in the UNet's type, owned by {@code run}. */
	NDArray encode(NDManager run, WorkingImage image, Progress progress, BooleanSupplier canceled) {
		Cancel.check(canceled, "the VAE encoder");
		int r = image.resolution();
		NDArray pixels = run.create(image.pixels(), new Shape(1, 3, r, r)).toType(placement.vae, false);
		return vae.posteriorMean(pixels, progress, canceled).mul((float) config.vae.scalingFactor)
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

	/** Waits for queued GPU work, so stage times are honest; free on the CPU, where ops run synchronously. */
	private void sync(NDArray array) {
		if (placement.gpu()) array.get(0).sum().toType(DataType.FLOAT32, false).getFloat();
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
