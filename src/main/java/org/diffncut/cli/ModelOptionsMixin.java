package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;

import org.diffncut.Progress;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.model.DeviceChoice;
import org.diffncut.hub.ModelSource;
import org.diffncut.pipeline.DiffusionSegmenter;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which Stable Diffusion model, from where, on which device. */
public final class ModelOptionsMixin {
	@Option(names = "--model", defaultValue = ModelSource.DEFAULT_REPO, paramLabel = "DIR|REPO",
		description = "A diffusers-layout Stable Diffusion 1.x folder, or a Hugging Face repository id found in the " +
			"Hugging Face cache or downloaded into it. Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", description = "Where the model runs: auto takes the GPU when PyTorch sees one (float16), else the CPU " +
			"(float32). Default: ${DEFAULT-VALUE}.")
	DeviceChoice device;

	@Mixin
	HubOptionsMixin hub;

	/** The model as given: a folder or a repository id. */
	public String model() {
		return model;
	}

	public DeviceChoice device() {
		return device;
	}

	/** Everything that picks the weights and their placement, e.g. to key a cache of loaded models. */
	public String key() {
		return String.join("\u0000", model, String.valueOf(device), hub.revision, String.valueOf(hub.variant),
			String.valueOf(hub.cacheDir));
	}

	/**
	 * Loads the model for {@code planned} (checked first) without drawing progress, e.g. on a cluster's worker, on
	 * GPU {@code gpu} (a CUDA index) if the device is one, or the first GPU if it is -1.
	 */
	public DiffusionSegmenter load(AttentionOptions planned, int gpu, Consumer<String> warnings) throws IOException {
		return DiffusionSegmenter.open(model, hub.options(System.getenv()), device, gpu, planned, Progress.NONE,
			warnings);
	}

	/** Loads the model for {@code planned} (checked first), drawing progress and warnings on {@code err}. */
	DiffusionSegmenter open(AttentionOptions planned, PrintWriter err) throws IOException {
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			return DiffusionSegmenter.open(model, hub.options(System.getenv()), device, planned, bar,
				warning -> err.println("diffncut: warning: " + warning));
		}
	}
}
