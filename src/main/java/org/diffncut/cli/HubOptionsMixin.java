package org.diffncut.cli;

import java.nio.file.Path;
import java.util.Map;

import org.diffncut.hub.ModelSource;

import picocli.CommandLine.Option;

/** Where models come from on the Hugging Face hub and in its cache. */
final class HubOptionsMixin {
	@Option(names = "--revision", defaultValue = ModelSource.DEFAULT_REVISION, paramLabel = "REV",
		description = "Branch, tag or commit hash of a hub repository (default: ${DEFAULT-VALUE}).")
	String revision;

	@Option(names = "--variant", paramLabel = "NAME",
		description = "Weights variant, e.g. fp16 for *.fp16.safetensors (default: full precision).")
	String variant;

	@Option(names = "--endpoint", paramLabel = "URL",
		description = "Hub URL, e.g. of a mirror (default: HF_ENDPOINT, else the Hugging Face hub).")
	String endpoint;

	@Option(names = "--token", paramLabel = "TOKEN",
		description = "Access token for gated or private repositories (default: HF_TOKEN, else the login's token " +
			"file). Prefer HF_TOKEN: other users can see command lines.")
	String token;

	@Option(names = "--cache-dir", paramLabel = "DIR",
		description = "Hugging Face cache folder (default: HF_HUB_CACHE, else $HF_HOME/hub, else " +
			"~/.cache/huggingface/hub).")
	Path cacheDir;

	/** @param env the environment to read HF_* variables from */
	ModelSource.Options options(Map<String, String> env) {
		return ModelSource.Options.of(env).revision(revision).variant(variant).endpoint(endpoint).token(token)
			.cacheDir(cacheDir);
	}
}
