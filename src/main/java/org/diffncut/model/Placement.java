package org.diffncut.model;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;

/**
 * Where the model runs and in which storage types: the device, the UNet's type and the VAE's type. A placement that
 * can run out of device memory names the placement to fall back to (the CPU in float32); the CPU placement has none.
 */
final class Placement {
	final Device device;
	final DataType unet, vae;
	private final Placement fallback;

	Placement(Device device, DataType unet, DataType vae, Placement fallback) {
		this.device = device;
		this.unet = unet;
		this.vae = vae;
		this.fallback = fallback;
	}

	static Placement cpu() {
		return new Placement(Device.cpu(), DataType.FLOAT32, DataType.FLOAT32, null);
	}

	/** The first GPU in float16 (the VAE in float32 when its config asks for {@code force_upcast}), else the CPU. */
	static Placement choose(DeviceChoice choice, VaeConfig vae) {
		return choose(choice, -1, vae);
	}

	/** As above, on GPU {@code gpu} (a CUDA index, e.g. the one Spark gave a task) unless it is -1. */
	static Placement choose(DeviceChoice choice, int gpu, VaeConfig vae) {
		Engine engine = PyTorchEngine.get();
		Device device = device(choice, gpu, engine.getGpuCount(), "PyTorch " + engine.getVersion());
		if (!device.isGpu()) return cpu();
		return new Placement(device, DataType.FLOAT16, vae.forceUpcast ? DataType.FLOAT32 : DataType.FLOAT16, cpu());
	}

	/**
	 * The device for {@code choice} when {@code engine} sees {@code gpus} GPUs: the CPU if asked for or if there is
	 * no GPU (auto), else GPU {@code gpu}, or the first one if {@code gpu} is -1.
	 *
	 * @throws IllegalStateException if a GPU is needed and there is none, or {@code gpu} is not one of them
	 */
	static Device device(DeviceChoice choice, int gpu, int gpus, String engine) {
		if (choice == DeviceChoice.GPU && gpus == 0) throw new IllegalStateException("no GPU is visible to " + engine +
			" (CPU build, or no CUDA driver): use device cpu or auto");
		if (choice == DeviceChoice.CPU || gpus == 0) return Device.cpu();
		if (gpu >= gpus) throw new IllegalStateException("GPU " + gpu + " was given, but " + engine + " sees " + gpus +
			" (indices 0 to " + (gpus - 1) + "): check the GPU discovery script and CUDA_VISIBLE_DEVICES");
		return gpu < 0 ? Device.gpu() : Device.gpu(gpu);
	}

	boolean gpu() {
		return device.isGpu();
	}

	/** Where to redo the work after {@code e}, or null when {@code e} is not an out-of-memory this placement survives. */
	Placement fallbackAfter(Throwable e) {
		String m = e.getMessage();
		return fallback != null && m != null && m.toLowerCase(Locale.ROOT).contains("out of memory") ? fallback : null;
	}

	/** The one-line warning for falling back after {@code e}. */
	static String fallbackWarning(Throwable e) {
		return "the GPU ran out of memory (" + firstLine(e) + "): continuing on the CPU, which is much slower";
	}

	/** The one-line warning for splitting a batch of {@code n} images into batches of {@code limit} after {@code e}. */
	static String splitWarning(Throwable e, int n, int limit) {
		return "the GPU ran out of memory for " + n + " images per pass (" + firstLine(e) + "): running at most " +
			limit + " per pass from now on";
	}

	/** The first line of {@code e}'s message: PyTorch's go on with a C++ stack trace. */
	static String firstLine(Throwable e) {
		String m = String.valueOf(e.getMessage());
		int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl);
	}

	/** "cpu float32" or "gpu0 float16". */
	@Override
	public String toString() {
		return (device.isGpu() ? "gpu" + device.getDeviceId() : "cpu") + " " +
			(unet == DataType.FLOAT16 ? "float16" : "float32");
	}
}
