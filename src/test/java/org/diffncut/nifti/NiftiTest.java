package org.diffncut.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec against nibabel 5.0: the files and what nibabel reads from them (expected.txt) come from
 * make_fixtures.py; the label files were written by {@link Nifti#writeLabels} and read by nibabel and
 * {@code nifti_tool -disp_hdr} (expected_labels.txt, check_labels.py).
 */
class NiftiTest {
	private static final double FLOAT_TOLERANCE = 0; // nibabel's values are exact in double

	@Test
	void readsEveryFileAsNibabelDoes() throws Exception {
		Map<String, Map<String, String>> expected = expectations("expected.txt");
		int read = 0;
		for (Map.Entry<String, Map<String, String>> e : expected.entrySet()) {
			Map<String, String> want = e.getValue();
			if (want.containsKey("reject")) continue;
			NiftiVolume v = Nifti.read(fixture(e.getKey()));
			assertHeader(e.getKey(), want, v.header());
			assertArrayEquals(doubles(want.get("values")), v.values(), FLOAT_TOLERANCE, e.getKey());
			assertEquals(3, v.nx());
			assertEquals(4, v.ny());
			assertEquals(2, v.nz());
			read++;
		}
		assertEquals(13, read); // every dtype, both endians, NIfTI-2, gz, scaled, slope 0, 4-D t=1, vox_offset 400
	}

	@Test
	void voxelOrderIsIFastest() throws Exception {
		NiftiVolume v = Nifti.read(fixture("u8.nii")); // v[i,j,k] = i + 3j + 12k (make_fixtures.py)
		assertEquals(1 + 3 * 2 + 12, v.get(1, 2, 1));
	}

	@Test
	void rejectsBadFilesWithTheFileNameAndTheReason() throws Exception {
		Map<String, String> reasons = new LinkedHashMap<>();
		reasons.put("bad_sizeof.nii", "sizeof_hdr is 349");
		reasons.put("bad_magic.nii", "bad NIfTI-1 magic");
		reasons.put("rgb24.nii", "RGB24");
		reasons.put("complex64.nii", "complex64");
		reasons.put("short.nii", "truncated");
		reasons.put("truncated.nii.gz", "gzip stream is truncated");
		reasons.put("corrupt.nii.gz", "gzip stream is corrupt");
		assertEquals(reasons.keySet(), rejected(expectations("expected.txt")));
		for (Map.Entry<String, String> r : reasons.entrySet()) {
			Path file = fixture(r.getKey());
			byte[] before = Files.readAllBytes(file);
			NiftiException e = assertThrows(NiftiException.class, () -> Nifti.read(file), r.getKey());
			assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
			assertTrue(e.getMessage().contains(r.getValue()), e.getMessage());
			assertFalse(e.getMessage().contains("\n"), e.getMessage());
			assertArrayEquals(before, Files.readAllBytes(file));
		}
	}

	@Test
	void rejectsTrailingBytes(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("long.nii");
		byte[] b = Files.readAllBytes(fixture("u8.nii"));
		Files.write(file, Arrays.copyOf(b, b.length + 3));
		NiftiException e = assertThrows(NiftiException.class, () -> Nifti.read(file));
		assertTrue(e.getMessage().contains("need 376 bytes but the file holds 379"), e.getMessage());
	}

	/**
	 * Our label files, read by nibabel (expected_labels.txt): the geometry is the input's, field by field, and
	 * only the label fields change. The bytes we write today equal those nibabel checked.
	 */
	@Test
	void labelFilesKeepTheInputGeometry(@TempDir Path dir) throws Exception {
		Map<String, Map<String, String>> inputs = expectations("expected.txt");
		Map<String, Map<String, String>> labels = expectations("expected_labels.txt");
		assertEquals(3, labels.size());
		for (Map.Entry<String, Map<String, String>> e : labels.entrySet()) {
			Map<String, String> want = e.getValue();
			String source = want.get("source");
			NiftiVolume input = Nifti.read(fixture(source));
			Path out = dir.resolve(e.getKey());
			short[] ids = LabelFixtures.labels(e.getKey());
			Nifti.writeLabels(out, input.header(), ids, "diffncut labels");
			assertArrayEquals(gunzip(fixture(e.getKey())), gunzip(out), e.getKey() + " differs from the checked file");
			assertEquals(e.getKey().endsWith(".gz"), isGzip(out));

			NiftiVolume back = Nifti.read(out);
			assertHeader(e.getKey(), want, back.header());
			Map<String, String> geometry = new LinkedHashMap<>(inputs.get(source));
			for (String field : new String[] { "dim", "pixdim", "qform_code", "sform_code", "quatern", "srow",
				"xyzt_units", "version", "endian" })
				assertEquals(geometry.get(field), want.get(field), e.getKey() + " " + field);
			assertEquals(want.get("datatype"), String.valueOf(back.header().datatype()));
			assertEquals(Double.parseDouble(want.get("scl_slope")), back.header().sclSlope());
			assertEquals(Double.parseDouble(want.get("scl_inter")), back.header().sclInter());
			assertEquals(Double.parseDouble(want.get("cal_min")), back.header().calMin());
			assertEquals(Double.parseDouble(want.get("cal_max")), back.header().calMax());
			assertEquals(Integer.parseInt(want.get("intent_code")), back.header().intentCode());
			assertEquals(want.get("descrip"), back.header().descrip());
			double[] values = new double[ids.length];
			for (int i = 0; i < ids.length; i++) values[i] = ids[i] & 0xffff;
			assertArrayEquals(doubles(want.get("values")), values);
			assertArrayEquals(values, back.values());
		}
	}

	@Test
	void labelWriteFailureLeavesNoFile(@TempDir Path dir) throws Exception {
		NiftiVolume input = Nifti.read(fixture("u8.nii"));
		Path out = dir.resolve("l.nii.gz");
		assertThrows(IllegalArgumentException.class, () -> Nifti.writeLabels(out, input.header(), new short[5], "x"));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.count());
		}
	}

	@Test
	void names() {
		assertTrue(Nifti.isNiftiName("BraTS2021_00000_flair.nii.gz"));
		assertTrue(Nifti.isNiftiName("A.NII"));
		assertFalse(Nifti.isNiftiName("a.nii.zip"));
		assertEquals("case_t1", Nifti.stem("case_t1.nii.gz"));
	}

	static void assertHeader(String name, Map<String, String> want, NiftiHeader h) {
		assertEquals(Integer.parseInt(want.get("version")), h.version(), name);
		assertEquals(want.get("endian").equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.order(), name);
		assertEquals(want.get("dim"), join(h.dims()), name);
		assertEquals(Integer.parseInt(want.get("datatype")), h.datatype(), name);
		assertEquals(Long.parseLong(want.get("vox_offset")), h.voxOffset(), name);
		assertArrayEquals(doubles(want.get("pixdim")), h.pixdim(), name);
		assertEquals(Integer.parseInt(want.get("qform_code")), h.qformCode(), name);
		assertEquals(Integer.parseInt(want.get("sform_code")), h.sformCode(), name);
		assertArrayEquals(doubles(want.get("quatern")), h.quatern(), name);
		assertArrayEquals(doubles(want.get("srow")), h.srow(), name);
		assertEquals(Integer.parseInt(want.get("xyzt_units")), h.xyztUnits(), name);
	}

	/** file → field → value, from the "file NAME" blocks of a fixture report. */
	static Map<String, Map<String, String>> expectations(String report) throws IOException {
		Map<String, Map<String, String>> all = new LinkedHashMap<>();
		Map<String, String> current = null;
		List<String> lines = Files.readAllLines(fixture(report), StandardCharsets.UTF_8);
		for (String line : lines) {
			if (line.startsWith("#") || line.isBlank()) continue;
			int space = line.indexOf(' ');
			String key = space < 0 ? line : line.substring(0, space), value = space < 0 ? "" : line.substring(space + 1);
			if (key.equals("file")) all.put(value, current = new LinkedHashMap<>());
			else current.put(key, value);
		}
		return all;
	}

	private static Set<String> rejected(Map<String, Map<String, String>> expected) {
		Set<String> names = new LinkedHashSet<>();
		expected.forEach((k, v) -> {
			if (v.containsKey("reject")) names.add(k);
		});
		return names;
	}

	static Path fixture(String name) {
		try {
			return Paths.get(NiftiTest.class.getResource(name).toURI());
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new AssertionError("test resource " + name + " is missing", e);
		}
	}

	private static double[] doubles(String text) {
		return Arrays.stream(text.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
	}

	private static String join(long[] v) {
		StringBuilder b = new StringBuilder();
		for (long x : v) b.append(b.length() == 0 ? "" : " ").append(x);
		return b.toString();
	}

	private static boolean isGzip(Path file) throws IOException {
		byte[] b = Files.readAllBytes(file);
		return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
	}

	private static byte[] gunzip(Path file) throws IOException {
		if (!isGzip(file)) return Files.readAllBytes(file);
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			return in.readAllBytes();
		}
	}
}
