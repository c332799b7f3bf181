package org.diffncut.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.diffncut.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
	@TempDir
	Path tmp;

	/**
	 * Reference: the fixture README (diffusers goldens): P is 256x256 F32 with rows summing to 1 within 5.2e-9; the
	 * test subset keeps 28 of its 60 tensors (the 12 inputs, intermediates and aggregations, and the 16 head_mean maps; see src/test/resources/README.md).
	 */
	@Test
	void readsTheDiffusersGolden() throws IOException {
		try (SafeTensors st = SafeTensors.open(Fixtures.golden())) {
			assertEquals(28, st.tensors().size());
			TensorInfo p = st.info("aggregated/diffseg_all", 256, 256);
			assertEquals(DType.F32, p.dtype());
			float[] data = st.floats("aggregated/diffseg_all");
			for (int r = 0; r < 256; r++) {
				double sum = 0;
				for (int c = 0; c < 256; c++) sum += data[r * 256 + c];
				assertEquals(1.0, sum, 1e-6);
			}
			long[] ids = IntegerTensors.longs(st, "input_ids");
			assertEquals(77, ids.length);
			assertEquals(49406, ids[0]);
			assertEquals(49407, ids[76]);
			assertEquals(3 * 128 * 128, IntegerTensors.longs(st, "image_u8_hwc").length);
		}
	}

	@Test
	void roundTripsWithMetadata() throws IOException {
		Path file = tmp.resolve("t.safetensors");
		float[] a = { 1, -2.5f, 3, 4, 5, 6 };
		long[] b = { 7, Long.MAX_VALUE };
		new SafeTensorsWriter().metadata("grid", "2x3").add("b", b, 2).add("a", a, 2, 3).write(file);
		try (SafeTensors st = SafeTensors.open(file)) {
			assertEquals("2x3", st.metadata().get("grid"));
			assertArrayEquals(new long[] { 2, 3 }, st.info("a").shape());
			assertArrayEquals(a, st.floats("a"));
			assertArrayEquals(b, IntegerTensors.longs(st, "b"));
			assertEquals(Arrays.asList("a", "b"), Arrays.asList(st.tensors().keySet().toArray()));
		}
		// header padded to 8 bytes, as the reference writer does
		long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertEquals(0, headerLength % 8);
	}

	/** Reference values: IEEE 754 binary16 and bfloat16 bit patterns worked by hand. */
	@Test
	void decodesHalfAndBfloat16() throws IOException {
		byte[] f16 = le16(0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00);
		byte[] bf16 = le16(0x3f80, 0xc040, 0x4049);
		Path file = tmp.resolve("h.safetensors");
		new SafeTensorsWriter().add("h", DType.F16, f16, 6).add("b", DType.BF16, bf16, 3).write(file);
		try (SafeTensors st = SafeTensors.open(file)) {
			assertArrayEquals(new float[] { 1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY }, st.floats("h"));
			assertArrayEquals(new float[] { 1f, -3f, 3.140625f }, st.floats("b"));
		}
		for (float v : new float[] { 1f, -2f, 65504f, 0x1p-24f, 0.1f, 3.140625f })
			assertEquals(v, HalfFloats.halfToFloat(Halves.of(v)), Math.abs(v) * 1e-3, "half round trip of " + v);
		assertEquals(Float.POSITIVE_INFINITY, HalfFloats.halfToFloat(Halves.of(1e5f)));
	}

	@Test
	void rejectsATruncatedFile() throws IOException {
		Path file = tmp.resolve("ok.safetensors");
		new SafeTensorsWriter().add("w", new float[16], 4, 4).write(file);
		byte[] all = Files.readAllBytes(file);
		Path cut = tmp.resolve("cut.safetensors");
		Files.write(cut, Arrays.copyOf(all, all.length - 4));
		assertMessage(cut, "tensor 'w'", "truncated");
		Files.write(cut, Arrays.copyOf(all, 5));
		assertMessage(cut, "truncated");
	}

	@Test
	void rejectsAHeaderLengthPastTheEnd() throws IOException {
		assertMessage(raw(1000, "{}", 0), "runs past the end");
	}

	@Test
	void rejectsAnUnknownDtype() throws IOException {
		assertMessage(raw(-1, "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2),
			"tensor 'w'", "unsupported dtype 'F8_E4M3'");
	}

	@Test
	void rejectsAShapeThatDisagreesWithTheBytes() throws IOException {
		assertMessage(raw(-1, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
			"tensor 'w'", "needs 12 bytes", "span 8");
	}

	@Test
	void rejectsOverlapAndHoles() throws IOException {
		assertMessage(raw(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
			"\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "'a' and 'b' overlap");
		assertMessage(raw(-1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
			"before tensor 'a' belong to no tensor");
	}

	@Test
	void namesAMissingTensor() throws IOException {
		Path file = tmp.resolve("m.safetensors");
		new SafeTensorsWriter().add("present", new float[1], 1).write(file);
		try (SafeTensors st = SafeTensors.open(file)) {
			SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.floats("P"));
			assertTrue(e.getMessage().contains("no tensor 'P'") && e.getMessage().contains("m.safetensors"), e.getMessage());
		}
	}

	@Test
	void namesAMissingFile() {
		assertMessage(tmp.resolve("absent.safetensors"), "absent.safetensors", "not found");
	}

	private Path raw(long headerLength, String header, int dataBytes) throws IOException {
		byte[] h = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(headerLength < 0 ? h.length : headerLength).put(h);
		Path file = Files.createTempFile(tmp, "raw", ".safetensors");
		Files.write(file, b.array());
		return file;
	}

	private static void assertMessage(Path file, String... parts) {
		SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.open(file).close());
		assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
		for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
	}

	/**
	 * Tensors longer than the buffer floats() reads through, each ending inside a chunk: every element across the
	 * boundaries, for each float type (references: the values written, and per element the decoders checked by hand
	 * above).
	 */
	@Test
	void readsTensorsLongerThanItsBuffer() throws IOException {
		Random r = new Random(5);
		int n32 = SafeTensors.CHUNK / 4 * 2 + 3, n64 = SafeTensors.CHUNK / 8 + 1, n16 = SafeTensors.CHUNK / 2 + 5;
		float[] f32 = new float[n32], f64 = new float[n64], f16 = new float[n16], bf16 = new float[n16];
		for (int i = 0; i < n32; i++) f32[i] = (float) r.nextGaussian();
		ByteBuffer d = ByteBuffer.allocate(8 * n64).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n64; i++) {
			double v = r.nextGaussian();
			d.putDouble(v);
			f64[i] = (float) v;
		}
		int[] halves = new int[n16], bfloats = new int[n16];
		for (int i = 0; i < n16; i++) {
			halves[i] = r.nextInt(1 << 16);
			bfloats[i] = r.nextInt(1 << 16);
			f16[i] = HalfFloats.halfToFloat((short) halves[i]);
			bf16[i] = HalfFloats.bfloat16ToFloat((short) bfloats[i]);
		}
		Path file = tmp.resolve("long.safetensors");
		new SafeTensorsWriter().add("f32", f32, n32).add("f64", DType.F64, d.array(), n64)
			.add("f16", DType.F16, le16(halves), n16).add("bf16", DType.BF16, le16(bfloats), n16).write(file);
		try (SafeTensors st = SafeTensors.open(file)) {
			assertArrayEquals(f32, st.floats("f32"));
			assertArrayEquals(f64, st.floats("f64"));
			assertArrayEquals(f16, st.floats("f16"));
			assertArrayEquals(bf16, st.floats("bf16"));
		}
	}

	private static byte[] le16(int... values) {
		ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int v : values) b.putShort((short) v);
		return b.array();
	}
}
