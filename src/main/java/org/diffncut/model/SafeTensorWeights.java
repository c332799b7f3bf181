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
		this.fileBytes = Math.max(1, java.nio.file.Files.size(file.file()));
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
		NDArray host;
		switch (info.dtype()) {
			case F32: host = staging.create(file.bytes(name), new Shape(shape), DataType.FLOAT32); break;
			case F16: host = staging.create(file.bytes(name), new Shape(shape), DataType.FLOAT16); break;
			case BF16: case F64: host = staging.create(file.floats(name), new Shape(shape)); break;
			default: throw notFloat(info);
		}
		loadedBytes += info.byteLength();
		loadedElements += info.elements();
		progress.report(loadedBytes / fileBytes, "loading " + file.file().getParent().getFileName());
		return place(host, manager, type);
	}

	@Override
	public NDArray loadRows(NDManager manager, DataType type, String name, long[] shape, int[] rows) throws IOException {
		TensorInfo info = file.info(name, shape);
		if (shape.length != 2) throw new SafeTensorsException(file.file(), "tensor '" + name + "' is not a table");
		int width = Math.toIntExact(shape[1]), bytes = info.dtype().bytes();
		ByteBuffer all = file.bytes(name);
		for (int r : rows)
			if (r < 0 || r >= shape[0]) throw new SafeTensorsException(file.file(), "tensor '" + name + "' has no row " + r);
		Shape out = new Shape(rows.length, width);
		NDArray host;
		if (info.dtype() == DType.F32 || info.dtype() == DType.F16) {
			ByteBuffer picked = ByteBuffer.allocateDirect(rows.length * width * bytes).order(ByteOrder.LITTLE_ENDIAN);
			for (int r : rows) {
				ByteBuffer row = all.duplicate();
				row.position(r * width * bytes).limit((r + 1) * width * bytes);
				picked.put(row);
			}
			picked.flip();
			host = staging.create(picked, out, info.dtype() == DType.F32 ? DataType.FLOAT32 : DataType.FLOAT16).duplicate();
		}
		else if (info.dtype() == DType.BF16 || info.dtype() == DType.F64) {
			float[] picked = new float[rows.length * width];
			for (int i = 0; i < rows.length; i++)
				for (int j = 0; j < width; j++) {
					int e = rows[i] * width + j;
					picked[i * width + j] = info.dtype() == DType.BF16 ? HalfFloats.bfloat16ToFloat(all.getShort(2 * e)) :
						(float) all.getDouble(8 * e);
				}
			host = staging.create(picked, out);
		}
		else throw notFloat(info);
		return place(host, manager, type);
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
