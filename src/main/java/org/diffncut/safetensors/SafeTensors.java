package org.diffncut.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A read-only safetensors file (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length, a JSON header, then the tensor bytes.
 * <p>
 * The whole header is validated on {@link #open} before anything is trusted: header length inside the file,
 * known dtypes, shape × dtype = byte length, offsets inside the data section, and byte ranges that tile the
 * data section exactly (no overlap, no hole), as the reference implementation requires. Tensor data is mapped
 * ({@link #bytes}) or read ({@link #floats}) one tensor at a time, so a multi-gigabyte checkpoint is never held twice
 * in memory.
 */
public final class SafeTensors implements AutoCloseable {
	/** Largest header accepted; the reference implementation uses the same bound. */
	static final long MAX_HEADER_BYTES = 100_000_000L;

	private final Path file;
	private final FileChannel channel;
	private final long dataStart;
	private final Map<String, TensorInfo> tensors;
	private final Map<String, String> metadata;

	private SafeTensors(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
		Map<String, String> metadata)
	{
		this.file = file;
		this.channel = channel;
		this.dataStart = dataStart;
		this.tensors = tensors;
		this.metadata = metadata;
	}

	/** Opens and validates {@code file}. */
	public static SafeTensors open(Path file) throws IOException {
		FileChannel channel;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
		}
		catch (NoSuchFileException e) {
			throw new SafeTensorsException(file, "file not found");
		}
		try {
			return parse(file, channel);
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	private static SafeTensors parse(Path file, FileChannel channel) throws IOException {
		long size = channel.size();
		if (size < 8) throw new SafeTensorsException(file, "truncated: " + size +
			" bytes, but a safetensors file starts with an 8-byte header length");
		ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		readFully(channel, lengthBytes, 0);
		long headerLength = lengthBytes.getLong(0);
		if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) throw new SafeTensorsException(file,
			"header length " + Long.toUnsignedString(headerLength) + " is out of bounds: not a safetensors file, or corrupt");
		if (headerLength > size - 8) throw new SafeTensorsException(file, "header length " + headerLength +
			" runs past the end of the file (" + size + " bytes): the file is truncated; download it again");
		ByteBuffer header = ByteBuffer.allocate((int) headerLength);
		readFully(channel, header, 8);
		JsonObject json;
		try {
			JsonElement root = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8));
			if (!root.isJsonObject()) throw new JsonParseException("not an object");
			json = root.getAsJsonObject();
		}
		catch (JsonParseException e) {
			throw new SafeTensorsException(file, "the header is not valid JSON: not a safetensors file, or corrupt");
		}
		long dataStart = 8 + headerLength;
		long dataLength = size - dataStart;
		Map<String, String> metadata = new LinkedHashMap<>();
		Map<String, TensorInfo> tensors = new TreeMap<>();
		for (Map.Entry<String, JsonElement> e : json.entrySet()) {
			if (e.getKey().equals("__metadata__")) {
				if (!e.getValue().isJsonObject()) throw new SafeTensorsException(file, "__metadata__ is not an object");
				for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
					// the format's metadata is a string map; a nested value is refused unread (it may be deep)
					if (!m.getValue().isJsonPrimitive()) throw new SafeTensorsException(file, "__metadata__ entry '" +
						m.getKey() + "' is not a string");
					metadata.put(m.getKey(), m.getValue().getAsString());
				}
				continue;
			}
			tensors.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataLength));
		}
		checkTiling(file, tensors, dataLength);
		return new SafeTensors(file, channel, dataStart, Collections.unmodifiableMap(tensors),
			Collections.unmodifiableMap(metadata));
	}

	private static TensorInfo entry(Path file, String name, JsonElement value, long dataLength)
		throws SafeTensorsException
	{
		String where = "tensor '" + name + "': ";
		try {
			JsonObject o = value.getAsJsonObject();
			String code = o.get("dtype").getAsString();
			DType dtype = DType.parse(code);
			if (dtype == null) throw new SafeTensorsException(file, where + "unsupported dtype '" + code + "'");
			JsonArray dims = o.getAsJsonArray("shape");
			long[] shape = new long[dims.size()];
			for (int d = 0; d < shape.length; d++) {
				shape[d] = dims.get(d).getAsLong();
				if (shape[d] < 0) throw new SafeTensorsException(file, where + "negative dimension in shape " + dims);
			}
			JsonArray offsets = o.getAsJsonArray("data_offsets");
			if (offsets.size() != 2) throw new SafeTensorsException(file, where + "data_offsets must hold two numbers");
			long begin = offsets.get(0).getAsLong(), end = offsets.get(1).getAsLong();
			if (begin < 0 || end < begin || end > dataLength) throw new SafeTensorsException(file, where +
				"data offsets [" + begin + ", " + end + "] lie outside the data section (" + dataLength +
				" bytes): the file is truncated or corrupt");
			TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
			long expected;
			try {
				expected = Math.multiplyExact(info.elements(), (long) dtype.bytes());
			}
			catch (ArithmeticException overflow) {
				throw new SafeTensorsException(file, where + "shape " + dims + " is too large");
			}
			if (expected != end - begin) throw new SafeTensorsException(file, where + "shape " + dims + " of " +
				dtype + " needs " + expected + " bytes but its data offsets span " + (end - begin));
			return info;
		}
		catch (IllegalStateException | NullPointerException | UnsupportedOperationException | NumberFormatException e) {
			throw new SafeTensorsException(file, where + "malformed header entry " + value);
		}
	}

	/** The byte ranges must cover the data section exactly once, in some order. */
	private static void checkTiling(Path file, Map<String, TensorInfo> tensors, long dataLength)
		throws SafeTensorsException
	{
		List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
		byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
		long expected = 0;
		TensorInfo previous = null;
		for (TensorInfo t : byOffset) {
			if (t.begin() < expected) throw new SafeTensorsException(file, "tensors '" + previous.name() +
				"' and '" + t.name() + "' overlap");
			if (t.begin() > expected) throw new SafeTensorsException(file, "bytes " + expected + ".." + t.begin() +
				" before tensor '" + t.name() + "' belong to no tensor: the file is corrupt");
			expected = t.end();
			previous = t;
		}
		if (expected != dataLength) throw new SafeTensorsException(file, (dataLength - expected) +
			" trailing bytes belong to no tensor: the file is corrupt");
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		while (buffer.hasRemaining()) {
			int n = channel.read(buffer, position + buffer.position());
			if (n < 0) throw new IOException("unexpected end of file");
		}
	}

	public Path file() {
		return file;
	}

	/** The {@code __metadata__} string map (empty if absent). */
	public Map<String, String> metadata() {
		return metadata;
	}

	/** All tensors by name, in name order. */
	public Map<String, TensorInfo> tensors() {
		return tensors;
	}

	public boolean contains(String name) {
		return tensors.containsKey(name);
	}

	/** The header entry of {@code name}; fails with a message naming the file and the tensor if it is absent. */
	public TensorInfo info(String name) throws SafeTensorsException {
		TensorInfo info = tensors.get(name);
		if (info == null) throw new SafeTensorsException(file, "no tensor '" + name + "' (the file holds " +
			tensors.size() + " tensors" + (tensors.isEmpty() ? "" : ", e.g. '" + tensors.keySet().iterator().next() + "'") + ")");
		return info;
	}

	/** The header entry of {@code name}, checked to have exactly {@code shape}. */
	public TensorInfo info(String name, long... shape) throws SafeTensorsException {
		TensorInfo info = info(name);
		if (!Arrays.equals(info.shape(), shape)) throw new SafeTensorsException(file, "tensor '" + name +
			"' has shape " + Arrays.toString(info.shape()) + ", expected " + Arrays.toString(shape));
		return info;
	}

	/** Read-only little-endian view of the bytes of {@code name}, mapped from the file. */
	public ByteBuffer bytes(String name) throws IOException {
		TensorInfo info = info(name);
		if (info.byteLength() > Integer.MAX_VALUE) throw new SafeTensorsException(file, "tensor '" + name +
			"' is larger than 2 GiB and cannot be mapped at once");
		return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength())
			.order(ByteOrder.LITTLE_ENDIAN);
	}

	/**
	 * The elements of a floating-point tensor (F64, F32, F16 or BF16) as float, row-major. They are read through a
	 * small buffer, not mapped: each page of a mapping costs a fault on first touch, which some virtual machines make
	 * dearer than the copy (a 64 MB P: 25–28 ms read, 50–70 ms mapped, Java 17 on a 2-core cloud machine).
	 */
	public float[] floats(String name) throws IOException {
		TensorInfo info = info(name);
		DType type = info.dtype();
		if (type != DType.F64 && type != DType.F32 && type != DType.F16 && type != DType.BF16)
			throw new SafeTensorsException(file, "tensor '" + name + "' is " + type + ", expected a floating-point type");
		if (info.elements() > Integer.MAX_VALUE - 8) throw new SafeTensorsException(file, "tensor '" + name +
			"' has too many elements for one array");
		float[] out = new float[(int) info.elements()];
		int size = type.bytes();
		ByteBuffer b = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
		long position = dataStart + info.begin();
		for (int done = 0; done < out.length;) {
			int count = Math.min(CHUNK / size, out.length - done);
			b.clear().limit(count * size);
			while (b.hasRemaining())
				if (channel.read(b, position + b.position()) < 0) throw new SafeTensorsException(file, "ends inside " +
					"tensor '" + name + "': the file was cut short while open; write or download it again");
			switch (type) {
				case F32: b.flip().asFloatBuffer().get(out, done, count); break;
				case F64: for (int i = 0; i < count; i++) out[done + i] = (float) b.getDouble(8 * i); break;
				case F16: for (int i = 0; i < count; i++) out[done + i] = HalfFloats.halfToFloat(b.getShort(2 * i)); break;
				default: for (int i = 0; i < count; i++) out[done + i] = HalfFloats.bfloat16ToFloat(b.getShort(2 * i));
			}
			position += (long) count * size;
			done += count;
		}
		return out;
	}

	/** Bytes of the buffer {@link #floats} reads through: a multiple of every element size. */
	static final int CHUNK = 1 << 20;

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
