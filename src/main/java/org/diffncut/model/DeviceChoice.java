package org.diffncut.model;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

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
	 * The device of the graph and cut stages: GPU {@code gpu} (a CUDA index; -1 for the first) only when asked for,
	 * and then only if PyTorch sees it; else the CPU, where they run in plain Java. Auto means the CPU here (a
	 * segmenter passes its model's device instead).
	 *
	 * @throws IllegalStateException if a GPU is asked for and PyTorch does not see it
	 */
	public Device cutDevice(int gpu) {
		if (this != GPU) return Device.cpu();
		Engine engine = PyTorchEngine.get();
		return Placement.device(this, gpu, engine.getGpuCount(), "PyTorch " + engine.getVersion());
	}
}
