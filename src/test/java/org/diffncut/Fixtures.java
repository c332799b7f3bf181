package org.diffncut;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The test data shipped with the project under {@code src/test/resources/org/diffncut/fixtures} (see the README in
 * {@code src/test/resources} for where each file comes from): the tiny Stable-Diffusion-1.4-shaped model with its
 * diffusers goldens, and the dataset metadata. Read from the test class path, so tests need nothing beside the clone.
 */
public final class Fixtures {
	private Fixtures() {}

	private static Path resource(String name) {
		URL url = Fixtures.class.getResource("fixtures/" + name);
		if (url == null) throw new IllegalStateException("test resource org/diffncut/fixtures/" + name +
			" is missing: run the tests through Maven from a full checkout");
		try {
			return Paths.get(url.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code tiny-sd14}: model/ and golden.safetensors (see its README-diffusers.md). */
	public static Path tinySd14() {
		return resource("tiny-sd14");
	}

	public static Path golden() {
		return tinySd14().resolve("golden.safetensors");
	}

	public static Path datasets() {
		return resource("datasets");
	}

	/** A NIfTI file made by nibabel, {@code org/diffncut/nifti/<name>} (see the README there). */
	public static Path nifti(String name) {
		URL url = Fixtures.class.getResource("nifti/" + name);
		if (url == null) throw new IllegalStateException("test resource org/diffncut/nifti/" + name + " is missing");
		try {
			return Paths.get(url.toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
