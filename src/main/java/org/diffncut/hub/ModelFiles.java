package org.diffncut.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of a diffusers-layout Stable Diffusion 1.x model that diffncut reads, for one weights variant:
 * the configs of {@code unet/}, {@code vae/}, {@code text_encoder/} and {@code scheduler/} and the safetensors
 * weights of the first three. {@code model_index.json} is optional; nothing else (no {@code .bin}/{@code .ckpt}
 * weights, no safety checker, no tokenizer: the prompt is fixed) is needed.
 * <p>
 * Paths are relative, with {@code /} separators, as in the hub's repositories.
 */
public final class ModelFiles {
	public static final String MODEL_INDEX = "model_index.json";

	private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_]+");

	private final String variant;

	private ModelFiles(String variant) {
		this.variant = variant;
	}

	/**
	 * @param variant {@code null} (or blank) for the full-precision weights, else the diffusers variant whose
	 *        weights are named {@code *.<variant>.safetensors}, e.g. {@code "fp16"}
	 */
	public static ModelFiles of(String variant) throws HubException {
		if (variant == null || variant.isBlank()) return new ModelFiles(null);
		if (!VARIANT.matcher(variant).matches()) throw new HubException(HubException.Kind.NOT_FOUND,
			"weights variant '" + variant + "' is not a diffusers variant name (letters, digits, _): use e.g. fp16");
		return new ModelFiles(variant);
	}

	/** {@code null} for full-precision weights. */
	public String variant() {
		return variant;
	}

	public String unetWeights() {
		return weights("unet/diffusion_pytorch_model");
	}

	public String vaeWeights() {
		return weights("vae/diffusion_pytorch_model");
	}

	public String textEncoderWeights() {
		return weights("text_encoder/model");
	}

	/** Every file that must be present, configs first (they are small, and fail fast on a wrong repository). */
	public List<String> required() {
		return Collections.unmodifiableList(Arrays.asList("unet/config.json", "vae/config.json",
			"text_encoder/config.json", "scheduler/scheduler_config.json", textEncoderWeights(), vaeWeights(),
			unetWeights()));
	}

	/** Files used when present. */
	public List<String> optional() {
		return Collections.singletonList(MODEL_INDEX);
	}

	/**
	 * Checks that {@code folder} holds every {@link #required()} file.
	 *
	 * @throws HubException of kind {@link HubException.Kind#BAD_LAYOUT} naming the first missing file
	 */
	public void check(Path folder) throws HubException {
		for (String file : required()) {
			if (Files.isRegularFile(folder.resolve(file))) continue;
			throw new HubException(HubException.Kind.BAD_LAYOUT, "model folder " + folder + " has no " + file +
				": " + hint(folder, file));
		}
	}

	private String hint(Path folder, String file) {
		String layout = "is this a diffusers-layout Stable Diffusion 1.x folder?";
		if (!file.endsWith(".safetensors")) return layout;
		Path dir = folder.resolve(file).getParent();
		String name = file.substring(file.lastIndexOf('/') + 1);
		String stem = variant == null ? name.replace(".safetensors", "") :
			name.replace("." + variant + ".safetensors", "");
		List<String> siblings = list(dir);
		if (variant != null && siblings.contains(stem + ".safetensors"))
			return "it has full-precision weights only: drop the " + variant + " variant, or fetch it with " +
				"'diffncut fetch-model --variant " + variant + "'";
		for (String other : siblings) {
			if (variant == null && other.startsWith(stem + ".") && other.endsWith(".safetensors")) {
				String found = other.substring(stem.length() + 1, other.length() - ".safetensors".length());
				return "it has " + found + " weights only: ask for the " + found + " variant (--variant " + found + ")";
			}
		}
		for (String other : siblings) {
			if (other.startsWith(stem) && (other.endsWith(".bin") || other.endsWith(".ckpt")))
				return "diffncut reads safetensors weights only, not " + other +
					": download the .safetensors files (diffncut fetch-model) or convert the weights with diffusers";
		}
		return layout;
	}

	private static List<String> list(Path dir) {
		if (!Files.isDirectory(dir)) return Collections.emptyList();
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
		catch (IOException e) {
			return Collections.emptyList(); // only for a hint
		}
	}

	private String weights(String stem) {
		return stem + (variant == null ? "" : "." + variant) + ".safetensors";
	}
}
