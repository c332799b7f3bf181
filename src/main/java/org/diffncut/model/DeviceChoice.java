package org.diffncut.model;

import java.util.Locale;

import ai.djl.Device;

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

	/**
	 * The device of the graph and cut stages: a GPU only when asked for, and then only if PyTorch sees one; else the
	 * CPU, where they run in plain Java. Auto means the CPU here (a segmenter passes its model's device instead).
	 */
	public Device cutDevice() {
		if (this != GPU) return Device.cpu();
		if (PyTorchEngine.get().getGpuCount() == 0) throw new IllegalArgumentException("device gpu: PyTorch " +
			"sees no GPU (CPU build, or no CUDA driver): use device cpu or auto");
		return Device.gpu();
	}
}
