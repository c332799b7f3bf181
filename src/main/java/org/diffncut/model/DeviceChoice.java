package org.diffncut.model;

import java.util.Locale;

/**
 * Where the model runs. {@link #AUTO} takes the first GPU that PyTorch sees (float16 weights and activations,
 * softmax and norms in float32), else the CPU (float32).
 */
public enum DeviceChoice {
	AUTO, CPU, GPU;

	/** "auto", "cpu" or "gpu", any case. */
	public static DeviceChoice parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("device '" + name + "': use auto, cpu or gpu");
		}
	}
}
