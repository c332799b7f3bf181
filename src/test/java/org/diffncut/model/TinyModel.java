package org.diffncut.model;

import java.io.IOException;
import java.nio.file.Path;

import org.diffncut.Fixtures;
import org.diffncut.Progress;

/** The tiny SD-1.4-shaped fixture model (see its README): folder, configs, weights of each component. */
final class TinyModel {
	private TinyModel() {}

	static Path folder() {
		return Fixtures.tinySd14().resolve("model");
	}

	static ModelConfig config() throws IOException {
		return ModelConfig.read(folder());
	}

	/** The full-precision weights of component {@code name} (unet, vae, text_encoder). */
	static SafeTensorWeights weights(String name) throws IOException {
		return SafeTensorWeights.open(folder().resolve(name), false, Progress.NONE);
	}
}
