package org.diffncut.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The architecture of a Stable Diffusion 1.x model in the diffusers folder layout: {@code unet/config.json},
 * {@code vae/config.json}, {@code text_encoder/config.json} and {@code scheduler/scheduler_config.json}.
 * Reading validates every key that changes the computation; an unsupported value fails with a
 * {@link ModelConfigException} naming the file and the key.
 */
public final class ModelConfig {
	static final String UNET = "unet", VAE = "vae", TEXT_ENCODER = "text_encoder", SCHEDULER = "scheduler",
		TOKENIZER = "tokenizer";

	final UNetConfig unet;
	final VaeConfig vae;
	final TextEncoderConfig textEncoder;
	final SchedulerConfig scheduler;
	/** Id of the tokenizer's padding token, which fills the empty prompt after its end-of-text token. */
	final int padToken;

	private ModelConfig(UNetConfig unet, VaeConfig vae, TextEncoderConfig textEncoder, SchedulerConfig scheduler,
		int padToken)
	{
		this.unet = unet;
		this.vae = vae;
		this.textEncoder = textEncoder;
		this.scheduler = scheduler;
		this.padToken = padToken;
	}

	/** Reads the configs of the diffusers model folder {@code folder}. */
	public static ModelConfig read(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) throw new ModelConfigException(folder, "not a folder: give the diffusers " +
			"model folder that holds unet/, vae/, text_encoder/ and scheduler/");
		return new ModelConfig(
			UNetConfig.read(ConfigFile.read(folder.resolve(UNET).resolve("config.json"))),
			VaeConfig.read(ConfigFile.read(folder.resolve(VAE).resolve("config.json"))),
			TextEncoderConfig.read(ConfigFile.read(folder.resolve(TEXT_ENCODER).resolve("config.json"))),
			SchedulerConfig.read(ConfigFile.read(folder.resolve(SCHEDULER).resolve("scheduler_config.json"))),
			ClipTextEncoder.padToken(folder.resolve(TOKENIZER)));
	}

	/** The architecture of CompVis/stable-diffusion-v1-4 (bundled copies of its configs), for benchmarks. */
	public static ModelConfig stableDiffusion14() {
		try {
			return new ModelConfig(UNetConfig.read(bundled("unet.json")), VaeConfig.read(bundled("vae.json")),
				TextEncoderConfig.read(bundled("text_encoder.json")), SchedulerConfig.read(bundled("scheduler.json")),
				ClipTextEncoder.END_OF_TEXT);
		}
		catch (IOException e) {
			throw new IllegalStateException("bundled Stable Diffusion 1.4 config is broken", e);
		}
	}

	private static ConfigFile bundled(String name) throws IOException {
		try (InputStream in = ModelConfig.class.getResourceAsStream("sd14/" + name)) {
			if (in == null) throw new IOException("missing resource sd14/" + name);
			return ConfigFile.parse(Paths.get("sd14", name), new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	/** Working resolutions must be a multiple of this many pixels (VAE and UNet downsampling): 64 for SD 1.x. */
	public int resolutionStep() {
		return vae.downsampling() * unet.downsampling();
	}

	/** @throws IllegalArgumentException unless {@code resolution} is a positive multiple of {@link #resolutionStep()} */
	public void checkResolution(int resolution) {
		int step = resolutionStep();
		if (resolution < step || resolution % step != 0) throw new IllegalArgumentException("resolution " + resolution +
			" px: use a positive multiple of " + step + " (e.g. 512)");
	}

	/** @throws IllegalArgumentException unless 0 ≤ {@code timestep} &lt; the scheduler's training timesteps */
	public void checkTimestep(int timestep) {
		if (timestep < 0 || timestep >= scheduler.trainTimesteps) throw new IllegalArgumentException("timestep " +
			timestep + ": use 0 to " + (scheduler.trainTimesteps - 1));
	}

	/** One line: channels, heads, text encoder size. */
	@Override
	public String toString() {
		return "UNet channels " + Arrays.toString(unet.blockChannels) + ", heads " +
			Arrays.toString(unet.heads) + ", cross-attention " + unet.crossAttentionDim + "; VAE channels " +
			Arrays.toString(vae.blockChannels) + "; CLIP text " + textEncoder.layers + "x" +
			textEncoder.hiddenSize;
	}
}
