package org.diffncut.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.diffncut.hub.ModelSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffncut fetch-model}: downloads the files of a Stable Diffusion 1.x repository that diffncut reads into
 * the Hugging Face cache (shared with diffusers) and prints the snapshot folder, which {@code --model} accepts.
 */
@Command(name = "fetch-model", mixinStandardHelpOptions = true, sortOptions = false,
	description = {
		"Downloads the Stable Diffusion 1.x files diffncut reads (configs and safetensors weights of unet, vae, " +
			"text_encoder; scheduler config) into the Hugging Face cache, shared with diffusers, and prints the " +
			"snapshot folder. Interrupted downloads resume when run again.",
		"Environment: HF_HUB_CACHE or HF_HOME (cache), HF_ENDPOINT, HF_TOKEN (or the token of 'hf auth login'), " +
			"HF_HUB_OFFLINE=1 (cache only)." })
final class FetchModelCommand implements Callable<Integer> {
	@Option(names = "--repo", defaultValue = ModelSource.DEFAULT_REPO, paramLabel = "OWNER/NAME",
		description = "Hugging Face repository (default: ${DEFAULT-VALUE}).")
	private String repo;

	@Mixin
	private HubOptionsMixin hub;

	@Spec
	private CommandSpec spec;

	private final Map<String, String> env;

	FetchModelCommand() {
		this(System.getenv());
	}

	/** @param env the environment to read HF_* variables from (tests pass their own) */
	FetchModelCommand(Map<String, String> env) {
		this.env = env;
	}

	@Override
	public Integer call() throws IOException {
		ModelSource.Options options = hub.options(env);
		Path snapshot;
		try (ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null)) {
			snapshot = ModelSource.fetch(repo, options, bar);
		}
		spec.commandLine().getOut().println(snapshot);
		spec.commandLine().getOut().flush();
		return 0;
	}
}
