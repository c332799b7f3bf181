package org.diffncut.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Cancel;
import org.diffncut.Progress;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
	static {
		// Eager single-stream inference: PyTorch's inter-op pool only costs threads. Intra-op stays at its default
		// (physical cores), or what the user sets.
		if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null)
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
	}

	/** Opens the weights of one component (unet, vae, text_encoder). */
	private interface Source {
		Weights open(String component, boolean preferHalf, Progress progress) throws IOException;
	}

	/** Device and storage types of the components. */
	private static final class Placement {
		final Device device;
		final DataType unet, vae;

		Placement(Device device, DataType unet, DataType vae) {
			this.device = device;
			this.unet = unet;
			this.vae = vae;
		}

		boolean gpu() {
			return device.isGpu();
		}

		static Placement cpu() {
			return new Placement(Device.cpu(), DataType.FLOAT32, DataType.FLOAT32);
		}

		static Placement choose(DeviceChoice choice, VaeConfig vae) {
			int gpus = Engine.getInstance().getGpuCount();
			if (choice == DeviceChoice.GPU && gpus == 0) throw new IllegalStateException("no GPU is visible to PyTorch " +
				Engine.getInstance().getVersion() + " (CPU build, or no CUDA driver): use device cpu or auto");
			if (choice == DeviceChoice.CPU || gpus == 0) return cpu();
			return new Placement(Device.gpu(), DataType.FLOAT16, vae.forceUpcast ? DataType.FLOAT32 : DataType.FLOAT16);
		}
	}

	private final ModelConfig config;
	private final Source source;
	private final Consumer<String> warnings;
	private final Scheduler scheduler;
	private Placement placement;
	private NDManager manager, weights, cache;
	private UNet unet;
	private VaeEncoder vae;
	private NDArray textEmbedding;
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
		ModelConfig config = ModelConfig.read(folder);
		for (String component : new String[] { ModelConfig.UNET, ModelConfig.VAE, ModelConfig.TEXT_ENCODER })
			SafeTensorWeights.choose(folder.resolve(component), false); // fail early, before the UNet loads
		Source files = (component, half, p) -> SafeTensorWeights.open(folder.resolve(component), half, p);
		return new StableDiffusion(config, files, warnings).start(device, progress);
	}

	/** A model of architecture {@code config} with random weights generated on the device: for benchmarks. */
	public static StableDiffusion withRandomWeights(ModelConfig config, DeviceChoice device, Progress progress,
		Consumer<String> warnings)
	{
		try {
			return new StableDiffusion(config, (component, half, p) -> new RandomWeights(), warnings).start(device,
				progress);
		}
		catch (IOException e) {
			throw new IllegalStateException("random weights cannot fail to load", e);
		}
	}

	private StableDiffusion start(DeviceChoice device, Progress progress) throws IOException {
		Placement chosen = Placement.choose(device, config.vae);
		try {
			place(chosen, progress);
		}
		catch (EngineException e) {
			if (!chosen.gpu() || !outOfMemory(e)) {
				release();
				throw e;
			}
			try {
				fallBack(e, progress);
			}
			catch (IOException | RuntimeException | Error f) {
				release();
				throw f;
			}
		}
		catch (IOException | RuntimeException | Error e) {
			release();
			throw e;
		}
		return this;
	}

	private void place(Placement p, Progress progress) throws IOException {
		placement = p;
		manager = NDManager.newBaseManager(p.device);
		weights = manager.newSubManager();
		cache = manager.newSubManager();
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
		manager = weights = cache = null;
		unet = null;
		vae = null;
		textEmbedding = null;
	}

	private void fallBack(EngineException e, Progress progress) throws IOException {
		warnings.accept("the GPU ran out of memory (" + firstLine(e) + "): continuing on the CPU, which is much slower");
		release();
		place(Placement.cpu(), progress);
	}

	private static boolean outOfMemory(Throwable e) {
		String m = e.getMessage();
		return m != null && m.toLowerCase(Locale.ROOT).contains("out of memory");
	}

	private static String firstLine(Throwable e) {
		String m = String.valueOf(e.getMessage());
		int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}

	public ModelConfig config() {
		return config;
	}

	/** Where and in which precision the model runs now: "cpu float32" or "gpu0 float16". */
	public synchronized String device() {
		checkOpen();
		Device d = placement.device;
		return (d.isGpu() ? "gpu" + d.getDeviceId() : "cpu") + " " + (placement.unet == DataType.FLOAT16 ? "float16" :
			"float32");
	}

	/**
	 * Parameters loaded per component: UNet, VAE encoder, and once the prompt is encoded the text encoder (whose
	 * token table is read only at the prompt's tokens).
	 */
	public Map<String, Long> parameterCounts() {
		return Collections.unmodifiableMap(parameterCounts);
	}

	/**
	 * Seconds of one {@code n}×{@code n} by {@code n}×{@code n} matrix product on the model's device and type (best
	 * of three): the yardstick benchmarks measure stage times against, so figures compare across machines.
	 */
	public synchronized double referenceProductSeconds(int n) {
		checkOpen();
		try (NDManager run = manager.newSubManager()) {
			NDArray a = run.randomUniform(-1, 1, new Shape(n, n)).toType(placement.unet, false);
			double best = Double.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				long t = System.nanoTime();
				NDArray c = a.matMul(a);
				c.get(0, 0).toType(DataType.FLOAT32, false).getFloat(); // waits for the device
				best = Math.min(best, (System.nanoTime() - t) * 1e-9);
				c.close();
			}
			return best;
		}
	}

	/** Working resolutions must be a positive multiple of this (8 for the VAE × 8 for the UNet in SD 1.x). */
	public int resolutionStep() {
		return config.resolutionStep();
	}

	/** Every self-attention layer, forward order, with its grid at working resolution {@code resolution}. */
	public synchronized List<AttentionLayer> selfAttentionLayers(int resolution) {
		checkOpen();
		checkResolution(resolution);
		int latent = resolution / config.vae.downsampling();
		return unet.selfAttentionLayers(latent, latent);
	}

	private void checkOpen() {
		if (manager == null) throw new IllegalStateException("the model was closed: load it again");
	}

	private void checkResolution(int resolution) {
		config.checkResolution(resolution);
	}

	/**
	 * Runs the capture pass on {@code image}, handing self-attention maps to {@code sink}. Captures from several
	 * threads run one after the other.
	 *
	 * @throws java.util.concurrent.CancellationException when {@code canceled} answers true between steps
	 */
	public synchronized StageTimes capture(WorkingImage image, ForwardOptions options, AttentionSink sink,
		Progress progress, BooleanSupplier canceled) throws IOException
	{
		checkOpen();
		checkResolution(image.resolution());
		if (options.timestep() < 0 || options.timestep() >= scheduler.trainTimesteps())
			throw new IllegalArgumentException("timestep " + options.timestep() + ": use 0 to " +
				(scheduler.trainTimesteps() - 1));
		try {
			return captureOnce(image, options, sink, progress, canceled);
		}
		catch (EngineException e) {
			if (!placement.gpu() || !outOfMemory(e)) throw e;
			fallBack(e, Progress.NONE);
			return captureOnce(image, options, sink, progress, canceled);
		}
	}

	private StageTimes captureOnce(WorkingImage image, ForwardOptions options, AttentionSink sink, Progress progress,
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
		double aggregation = timed.nanos * 1e-9;
		return new StageTimes((textDone - start) * 1e-9, (vaeDone - textDone) * 1e-9,
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

	/**
	 * The latents the capture pass sees: {@code clean} itself, with seeded noise added at the timestep, or DDIM-inverted
	 * through the first inversion steps of the {@value ForwardOptions#DDIM_STEPS}-step schedule.
	 */
	NDArray diffuse(NDArray clean, NDArray context, ForwardOptions options, Progress progress, BooleanSupplier canceled) {
		if (options.noiseSeed() != null) return scheduler.addNoise(clean, gaussian(clean.getManager(), options.noiseSeed(),
			clean.getShape()).toType(clean.getDataType(), false), options.timestep());
		NDArray latents = clean;
		int[] timesteps = scheduler.timesteps(ForwardOptions.DDIM_STEPS);
		int steps = options.inversionSteps();
		for (int i = 0; i < steps; i++) {
			Cancel.check(canceled, "DDIM inversion");
			int t = timesteps[i];
			NDArray prediction = unet.forward(latents, t, context, null, progress.range(i / (double) steps, 1.0 / steps),
				canceled);
			latents = scheduler.inverseStep(prediction, t, latents, ForwardOptions.DDIM_STEPS);
		}
		return latents;
	}

	/** The cached empty-prompt embedding (1, 77, hidden) in the UNet's type; computed and cached on first use. */
	NDArray textEmbedding(Progress progress) throws IOException {
		if (textEmbedding == null) {
			progress.report(0, "text encoder");
			try (Weights w = source.open(ModelConfig.TEXT_ENCODER, placement.unet == DataType.FLOAT16, Progress.NONE)) {
				NDArray e = ClipTextEncoder.encode(new Parameters(w, cache, placement.unet), config.textEncoder,
					ClipTextEncoder.emptyPrompt(config.textEncoder.maxPositions, config.padToken), cache);
				NDScope.unregister(e);
				textEmbedding = e;
				parameterCounts.put("text encoder", w.loadedElements());
			}
		}
		return textEmbedding;
	}

	/** Waits for queued GPU work, so stage times are honest; free on the CPU, where ops run synchronously. */
	private void sync(NDArray array) {
		if (placement.gpu()) array.get(0).sum().toType(DataType.FLOAT32, false).getFloat();
	}

	/** Standard normal noise from java.util.Random, identical on every device and platform. */
	private static NDArray gaussian(NDManager manager, long seed, Shape shape) {
		Random random = new Random(seed);
		float[] v = new float[Math.toIntExact(shape.size())];
		for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
		return manager.create(v, shape);
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

	/** Passes maps on and adds up the time spent in the sink. */
	private static final class TimedSink implements AttentionSink {
		private final AttentionSink sink;
		long nanos;

		TimedSink(AttentionSink sink) {
			this.sink = sink;
		}

		@Override
		public void begin(NDManager manager, List<AttentionLayer> layers) {
			long t = System.nanoTime();
			sink.begin(manager, layers);
			nanos += System.nanoTime() - t;
		}

		@Override
		public boolean wants(AttentionLayer layer) {
			return sink.wants(layer);
		}

		@Override
		public void accept(AttentionLayer layer, NDArray headMean) {
			long t = System.nanoTime();
			sink.accept(layer, headMean);
			nanos += System.nanoTime() - t;
		}

		@Override
		public void end() {
			long t = System.nanoTime();
			sink.end();
			nanos += System.nanoTime() - t;
		}
	}
}
