package org.diffncut.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.diffncut.Progress;
import org.diffncut.safetensors.DType;
import org.diffncut.safetensors.HalfFloats;
import org.diffncut.safetensors.SafeTensors;
import org.diffncut.safetensors.SafeTensorsException;
import org.diffncut.safetensors.TensorInfo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The weights of one component folder ({@code unet/}, ...) from its safetensors file, full precision
 * ({@code diffusion_pytorch_model.safetensors}, {@code model.safetensors}) or the {@code .fp16} variant.
 * F32 and F16 tensors go from the memory-mapped file into PyTorch without a Java copy; BF16 and F64 are decoded
 * by {@link SafeTensors#floats}.
 */
final class SafeTensorWeights implements Weights {
	private static final String[] BASE_NAMES = { "diffusion_pytorch_model", "model" };

	private final SafeTensors file;
	private final NDManager staging;
	private final Progress progress;
	private final double fileBytes;
	private long loadedBytes, loadedElements;

	private SafeTensorWeights(SafeTensors file, Progress progress) throws IOException {
		this.file = file;
		this.progress = progress;
		this.fileBytes = Math.max(1, Files.size(file.file()));
		this.staging = NDManager.newBaseManager(Device.cpu());
	}

	/**
	 * Opens the weights file of {@code folder}; prefers the fp16 variant when {@code preferHalf}, else full precision.
	 * {@code progress} follows the bytes loaded.
	 */
	static SafeTensorWeights open(Path folder, boolean preferHalf, Progress progress) throws IOException {
		SafeTensors file = SafeTensors.open(choose(folder, preferHalf));
		try {
			return new SafeTensorWeights(file, progress);
		}
		catch (IOException | RuntimeException e) {
			file.close();
			throw e;
		}
	}

	static Path choose(Path folder, boolean preferHalf) throws IOException {
		if (!Files.isDirectory(folder)) throw new ModelConfigException(folder, "missing: the model folder needs this " +
			"component");
		for (String base : BASE_NAMES) {
			Path full = folder.resolve(base + ".safetensors"), half = folder.resolve(base + ".fp16.safetensors");
			if (preferHalf && Files.isRegularFile(half)) return half;
			if (Files.isRegularFile(full)) return full;
			if (Files.isRegularFile(half)) return half;
		}
		boolean sharded = false, pickle = false;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
			for (Path p : files) {
				String n = p.getFileName().toString();
				sharded |= n.endsWith(".safetensors.index.json");
				pickle |= n.endsWith(".bin") || n.endsWith(".ckpt") || n.endsWith(".pt");
			}
		}
		if (sharded) throw new ModelConfigException(folder, "sharded safetensors weights are not supported: save the " +
			"component as one file (diffusers save_pretrained with a large max_shard_size)");
		if (pickle) throw new ModelConfigException(folder, "only PyTorch pickle weights (.bin/.ckpt) found: download " +
			"the .safetensors files of this model, or convert with diffusers save_pretrained(safe_serialization=True)");
		throw new ModelConfigException(folder, "no weights: expected " + BASE_NAMES[0] + ".safetensors, " + BASE_NAMES[1] +
			".safetensors or their .fp16 variant");
	}

	@Override
	public boolean contains(String name) {
		return file.contains(name);
	}

	@Override
	public long loadedElements() {
		return loadedElements;
	}

	@Override
	public NDArray load(NDManager manager, DataType type, String name, long... shape) throws IOException {
		TensorInfo info = file.info(name, shape);
		loadedBytes += info.byteLength();
		loadedElements += info.elements();
		progress.report(loadedBytes / fileBytes, "loading " + file.file().getParent().getFileName());
		switch (info.dtype()) {
			case F32: case F16: {
				ByteBuffer mapped = file.bytes(name);
				try {
					return place(staging.create(mapped, new Shape(shape), info.dtype() == DType.F32 ? DataType.FLOAT32 :
						DataType.FLOAT16), manager, type);
				}
				finally {
					unmap(mapped);
				}
			}
			case BF16: case F64: return place(staging.create(file.floats(name), new Shape(shape)), manager, type);
			default: throw notFloat(info);
		}
	}

	@Override
	public NDArray loadRows(NDManager manager, DataType type, String name, long[] shape, int[] rows) throws IOException {
		TensorInfo info = file.info(name, shape);
		if (shape.length != 2) throw new SafeTensorsException(file.file(), "tensor '" + name + "' is not a table");
		for (int r : rows)
			if (r < 0 || r >= shape[0]) throw new SafeTensorsException(file.file(), "tensor '" + name + "' has no row " + r);
		DType dtype = info.dtype();
		if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16 && dtype != DType.F64) throw notFloat(info);
		int width = Math.toIntExact(shape[1]), rowBytes = width * dtype.bytes();
		ByteBuffer picked = ByteBuffer.allocateDirect(rows.length * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer table = file.bytes(name);
		try {
			for (int r : rows) {
				ByteBuffer row = table.duplicate();
				row.position(r * rowBytes).limit((r + 1) * rowBytes);
				picked.put(row);
			}
		}
		finally {
			unmap(table);
		}
		picked.flip();
		loadedElements += (long) rows.length * width;
		Shape out = new Shape(rows.length, width);
		if (dtype == DType.F32 || dtype == DType.F16)
			return place(staging.create(picked, out, dtype == DType.F32 ? DataType.FLOAT32 : DataType.FLOAT16), manager, type);
		float[] decoded = new float[rows.length * width];
		for (int i = 0; i < decoded.length; i++)
			decoded[i] = dtype == DType.BF16 ? HalfFloats.bfloat16ToFloat(picked.getShort(2 * i)) : (float) picked.getDouble(8 * i);
		return place(staging.create(decoded, out), manager, type);
	}

	/**
	 * Converts {@code host} (on the staging manager, possibly a view of the mapped file) into an array of its own,
	 * owned by {@code manager}, and frees {@code host}.
	 */
	private static NDArray place(NDArray host, NDManager manager, DataType type) {
		try {
			NDArray placed;
			if (!manager.getDevice().equals(host.getDevice())) {
				NDArray moved = host.toDevice(manager.getDevice(), false);
				placed = moved.toType(type, false);
				if (placed != moved) moved.close();
			}
			else placed = host.getDataType() == type ? host.duplicate() : host.toType(type, false);
			placed.attach(manager);
			return placed;
		}
		finally {
			host.close();
		}
	}

	/**
	 * Unmaps a tensor's mapping once its bytes are copied. The JVM would unmap only when the buffer is garbage
	 * collected, which with a large heap can be never, and until then the file's pages count as resident: a 3.4 GB
	 * UNet would look twice its size. Without sun.misc.Unsafe (not a HotSpot-like JVM) the GC is left to do it.
	 */
	private static void unmap(ByteBuffer mapped) {
		if (UNSAFE == null || INVOKE_CLEANER == null) return;
		try {
			INVOKE_CLEANER.invoke(UNSAFE, mapped);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			// left to the garbage collector
		}
	}

	private static final Object UNSAFE;
	private static final java.lang.reflect.Method INVOKE_CLEANER;
	static {
		Object unsafe = null;
		java.lang.reflect.Method cleaner = null;
		try {
			Class<?> c = Class.forName("sun.misc.Unsafe");
			java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
			f.setAccessible(true);
			unsafe = f.get(null);
			cleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			// a runtime without sun.misc.Unsafe (restricted, or a future JDK): mappings go with the garbage collector
		}
		UNSAFE = unsafe;
		INVOKE_CLEANER = cleaner;
	}

	private SafeTensorsException notFloat(TensorInfo info) {
		return new SafeTensorsException(file.file(), "tensor '" + info.name() + "' is " + info.dtype() +
			", expected a floating-point type (F32, F16, BF16)");
	}

	@Override
	public void close() throws IOException {
		staging.close();
		file.close();
	}
}
