package org.diffncut.safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.diffncut.io.AtomicFile;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a safetensors file: tensors in name order, header padded with spaces to a multiple of 8 bytes.
 * The file appears atomically (written to a sibling temporary file, then moved), so a failure never leaves a
 * half-written output.
 */
public final class SafeTensorsWriter {
	private final Map<String, String> metadata = new LinkedHashMap<>();
	private final Map<String, Entry> tensors = new TreeMap<>();

	private static final class Entry {
		final DType dtype;
		final long[] shape;
		final ByteBuffer data;

		Entry(DType dtype, long[] shape, ByteBuffer data) {
			this.dtype = dtype;
			this.shape = shape;
			this.data = data;
		}
	}

	public SafeTensorsWriter metadata(String key, String value) {
		metadata.put(key, value);
		return this;
	}

	public SafeTensorsWriter add(String name, float[] data, long... shape) {
		ByteBuffer b = allocate(name, data.length, DType.F32, shape);
		b.asFloatBuffer().put(data);
		return put(name, DType.F32, shape, b);
	}

	public SafeTensorsWriter add(String name, long[] data, long... shape) {
		ByteBuffer b = allocate(name, data.length, DType.I64, shape);
		b.asLongBuffer().put(data);
		return put(name, DType.I64, shape, b);
	}

	/** Raw little-endian bytes of any dtype, e.g. U8 image data or F16 weights. */
	public SafeTensorsWriter add(String name, DType dtype, byte[] data, long... shape) {
		ByteBuffer b = allocate(name, data.length / dtype.bytes(), dtype, shape);
		if (data.length % dtype.bytes() != 0) throw new IllegalArgumentException(name + ": byte count not a multiple of " + dtype);
		b.put(data);
		return put(name, dtype, shape, b);
	}

	private static ByteBuffer allocate(String name, long elements, DType dtype, long[] shape) {
		long n = 1;
		for (long s : shape) n *= s;
		if (n != elements) throw new IllegalArgumentException(name + ": " + elements + " elements do not fill shape " +
			Arrays.toString(shape));
		return ByteBuffer.allocate(Math.toIntExact(elements * dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
	}

	private SafeTensorsWriter put(String name, DType dtype, long[] shape, ByteBuffer data) {
		if (name.equals("__metadata__")) throw new IllegalArgumentException("reserved tensor name " + name);
		tensors.put(name, new Entry(dtype, shape.clone(), data));
		return this;
	}

	/** Writes the file atomically (see {@link AtomicFile}). */
	public void write(Path file) throws IOException {
		AtomicFile.write(file, this::write);
	}

	/** Writes the file's bytes to {@code out} (not closed). */
	public void write(OutputStream out) throws IOException {
		JsonObject header = new JsonObject();
		if (!metadata.isEmpty()) {
			JsonObject meta = new JsonObject();
			metadata.forEach(meta::addProperty);
			header.add("__metadata__", meta);
		}
		long offset = 0;
		for (Map.Entry<String, Entry> e : tensors.entrySet()) {
			JsonObject t = new JsonObject();
			t.addProperty("dtype", e.getValue().dtype.name());
			JsonArray shape = new JsonArray();
			for (long s : e.getValue().shape) shape.add(s);
			t.add("shape", shape);
			JsonArray offsets = new JsonArray();
			offsets.add(offset);
			offset += e.getValue().data.capacity();
			offsets.add(offset);
			t.add("data_offsets", offsets);
			header.add(e.getKey(), t);
		}
		StringBuilder json = new StringBuilder(header.toString());
		while ((json.toString().getBytes(StandardCharsets.UTF_8).length) % 8 != 0) json.append(' ');
		byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);

		ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
		out.write(length.array());
		out.write(headerBytes);
		for (Entry e : tensors.values()) out.write(e.data.array());
	}
}
