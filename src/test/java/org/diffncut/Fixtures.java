package org.diffncut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the read-only shared fixtures (the tiny Stable-Diffusion-1.4-shaped model and its diffusers goldens,
 * the dataset metadata). Order: system property {@code diffncut.shared}, environment variable
 * {@code DIFFNCUT_SHARED}, then a {@code shared/} folder beside or above the project, then {@code /work/shared}.
 */
public final class Fixtures {
	private Fixtures() {}

	public static Path shared() {
		String configured = System.getProperty("diffncut.shared", System.getenv("DIFFNCUT_SHARED"));
		if (configured != null) return check(Paths.get(configured));
		for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
			Path candidate = p.resolve("shared");
			if (Files.isDirectory(candidate.resolve("fixtures"))) return candidate;
		}
		return check(Paths.get("/work/shared"));
	}

	private static Path check(Path shared) {
		if (!Files.isDirectory(shared.resolve("fixtures"))) throw new IllegalStateException("shared fixtures not found at " +
			shared + ": set -Ddiffncut.shared=/path/to/shared or DIFFNCUT_SHARED");
		return shared;
	}

	/** {@code shared/fixtures/tiny-sd14}: model/ and golden.safetensors (see its README). */
	public static Path tinySd14() {
		return shared().resolve("fixtures").resolve("tiny-sd14");
	}

	public static Path golden() {
		return tinySd14().resolve("golden.safetensors");
	}

	public static Path datasets() {
		return shared().resolve("datasets");
	}
}
