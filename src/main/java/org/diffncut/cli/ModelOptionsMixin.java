package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.model.DeviceChoice;
import org.diffncut.hub.ModelSource;
import org.diffncut.pipeline.DiffusionSegmenter;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which Stable Diffusion model, from where, on which device. */
final class ModelOptionsMixin {
	@Option(names = "--model", defaultValue = ModelSource.DEFAULT_REPO, paramLabel = "DIR|REPO",
		description = "A diffusers-layout Stable Diffusion 1.x folder, or a Hugging Face repository id found in the " +
			"Hugging Face cache or downloaded into it. Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", converter = Converters.Device.class,
		description = "Where the model runs: auto takes the GPU when PyTorch sees one (float16), else the CPU " +
			"(float32). Default: ${DEFAULT-VALUE}.")
	DeviceChoice device;

	@Mixin
	HubOptionsMixin hub;

	/** Loads the model for {@code planned} (checked first), drawing progress and warnings on {@code err}. */
	DiffusionSegmenter open(AttentionOptions planned, PrintWriter err) throws IOException {
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			return DiffusionSegmenter.open(model, hub.options(System.getenv()), device, planned, bar,
				warning -> err.println("diffncut: warning: " + warning));
		}
	}
}
