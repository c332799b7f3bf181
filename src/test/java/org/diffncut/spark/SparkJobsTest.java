package org.diffncut.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffncut.Fixtures;
import org.diffncut.Golden;
import org.diffncut.cli.DiffNCut;
import org.diffncut.cli.VolumeCommandsTest;
import org.diffncut.eval.TestPngs;
import org.diffncut.io.RgbPngs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs in local mode ({@code local[2]}: two task threads in this JVM) with the tiny SD-1.4-shaped
 * fixture model. The reference for every output is the single-machine command run in this JVM on the same
 * files with the same options ({@code diffncut segment}, {@code diffncut benchmark}).
 */
class SparkJobsTest {
	/** Fast options that still give several segments on the fixture picture. */
	private static final String[] OPTIONS = { "--resolution", "128", "--resolutions", "all", "--device", "cpu",
		"--stop", "ncut:1" };

	private static JavaSparkContext sc;

	@TempDir
	Path dir;

	private Path root, out;

	@BeforeAll
	static void startSpark() {
		sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkJobsTest")
			.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
			.set("spark.driver.bindAddress", "127.0.0.1"));
		sc.setLogLevel("ERROR");
	}

	@AfterAll
	static void stopSpark() {
		if (sc != null) sc.stop();
	}

	@BeforeEach
	void images() throws IOException {
		Models.closeAll();
		root = dir.resolve("in");
		out = dir.resolve("out");
		long[] golden = Golden.longs("image_u8_hwc"); // 128×128 RGB
		picture(root.resolve("a.png"), golden, 0);
		picture(root.resolve("b.png"), golden, 40);
		picture(root.resolve("sub").resolve("c.png"), golden, 80);
	}

	/** The golden picture shifted right by {@code shift} columns (wrapping), so that each image differs. */
	private static void picture(Path file, long[] golden, int shift) throws IOException {
		long[] p = new long[golden.length];
		for (int y = 0; y < 128; y++)
			for (int x = 0; x < 128; x++)
				for (int c = 0; c < 3; c++) p[(y * 128 + x) * 3 + c] = golden[(y * 128 + (x + shift) % 128) * 3 + c];
		Files.createDirectories(file.getParent());
		RgbPngs.write(file, p, 128, 128);
	}

	@Test
	void imagesGiveTheLabelFilesOfSegmentByteForByteWithOneModelLoad() throws Exception {
		int loads = Models.loads();
		Run r = spark("images", "--root", root.toString(), "--out", out.toString(), "--recursive");
		assertEquals(0, r.code, r.toString());
		assertEquals(loads + 1, Models.loads(), "one model load for three images on two task threads");
		for (String image : new String[] { "a", "b", "sub/c" }) {
			Path reference = dir.resolve(image.replace('/', '_') + "-segment.png");
			Run s = cli("segment", "--image", root.resolve(image + ".png").toString(), "--out", reference.toString());
			assertEquals(0, s.code, s.toString());
			assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(out.resolve(image + "-labels.png")),
				image);
		}
		Map<String, String> status = statuses();
		assertEquals(Map.of("a.png", "done", "b.png", "done", "sub/c.png", "done"), status);
		assertTrue(r.err.contains("3/3 items"), r.err);
		try (Stream<Path> files = Files.walk(out)) {
			assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).collect(
				Collectors.toList()), "no temporary or checksum files left");
		}
	}

	@Test
	void aRerunSkipsEverythingAndOnlyADeletedOutputIsMadeAgain() throws Exception {
		String[] job = { "images", "--root", root.toString(), "--out", out.toString(), "--recursive" };
		assertEquals(0, spark(job).code);
		byte[] b = Files.readAllBytes(out.resolve("b-labels.png"));
		long aTime = Files.getLastModifiedTime(out.resolve("a-labels.png")).toMillis();

		Run again = spark(job);
		assertEquals(0, again.code, again.toString());
		assertEquals(Map.of("a.png", "skipped", "b.png", "skipped", "sub/c.png", "skipped"), statuses());

		Files.delete(out.resolve("b-labels.png"));
		Run third = spark(job);
		assertEquals(0, third.code, third.toString());
		assertEquals(Map.of("a.png", "skipped", "b.png", "done", "sub/c.png", "skipped"), statuses());
		assertArrayEquals(b, Files.readAllBytes(out.resolve("b-labels.png")));
		assertEquals(aTime, Files.getLastModifiedTime(out.resolve("a-labels.png")).toMillis());
	}

	@Test
	void aCorruptImageFailsAloneAndTheOthersFinish() throws Exception {
		Files.write(root.resolve("broken.png"), "not a PNG".getBytes(StandardCharsets.UTF_8));
		Run r = spark("images", "--root", root.toString(), "--out", out.toString());
		assertEquals(1, r.code, r.toString());
		assertEquals(Map.of("a.png", "done", "b.png", "done", "broken.png", "failed"), statuses());
		assertTrue(Files.readString(out.resolve(Job.RUN_TABLE)).contains("broken.png: not an image format"),
			Files.readString(out.resolve(Job.RUN_TABLE)));
		assertFalse(Files.exists(out.resolve("broken-labels.png")));
		assertTrue(r.err.contains("1 of 3 items failed"), r.err);
	}

	/**
	 * Three Cityscapes-layout images with annotations (left half road, labelId 7; right half car, 26; a band of
	 * void, 0). Spark and the single-machine benchmark must write the same files, scores.json to the last digit.
	 */
	@Test
	void benchmarkScoresEqualTheSingleMachineOnes() throws Exception {
		Path cityscapes = dir.resolve("cityscapes");
		long[] golden = Golden.longs("image_u8_hwc");
		int[] gt = new int[128 * 128];
		for (int k = 0; k < gt.length; k++) gt[k] = k / 128 < 8 ? 0 : k % 128 < 64 ? 7 : 26;
		for (String[] image : new String[][] { { "aachen", "aachen_000000_000019", "0" },
			{ "aachen", "aachen_000001_000019", "40" }, { "bonn", "bonn_000000_000019", "80" } })
		{
			Path city = cityscapes.resolve("leftImg8bit/val").resolve(image[0]);
			picture(city.resolve(image[1] + "_leftImg8bit.png"), golden, Integer.parseInt(image[2]));
			Path labels = cityscapes.resolve("gtFine/val").resolve(image[0]);
			Files.createDirectories(labels);
			TestPngs.gray8(labels.resolve(image[1] + "_gtFine_labelIds.png"), 128, 128, gt);
		}
		Path single = dir.resolve("single");
		Run s = cli("benchmark", "--dataset", "cityscapes", "--root", cityscapes.toString(), "--out", single.toString());
		assertEquals(0, s.code, s.toString());
		Run r = spark("benchmark", "--dataset", "cityscapes", "--root", cityscapes.toString(), "--out",
			out.toString(), "--partitions", "2");
		assertEquals(0, r.code, r.toString());
		for (String file : new String[] { "scores.json", "images.csv", "settings.txt",
			"labels/aachen_000000_000019.png", "labels/bonn_000000_000019.png", "gt/aachen_000001_000019.png" })
			assertArrayEquals(Files.readAllBytes(single.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
		assertEquals(3, statuses().values().stream().filter("done"::equals).count());

		Run again = spark("benchmark", "--dataset", "cityscapes", "--root", cityscapes.toString(), "--out",
			out.toString());
		assertEquals(0, again.code, again.toString());
		assertEquals(3, statuses().values().stream().filter("skipped"::equals).count());
		assertArrayEquals(Files.readAllBytes(single.resolve("scores.json")), Files.readAllBytes(out.resolve(
			"scores.json")), "scores from the label files already there");
	}

	/**
	 * Two BraTS 2021 cases and one with a truncated t1ce volume. The reference is {@code diffncut brats} on the
	 * same root: its label volumes and settings.txt, byte for byte.
	 */
	@Test
	void bratsGivesTheLabelVolumesOfBratsByteForByteAndACorruptCaseFailsAlone() throws Exception {
		Path cases = Files.createDirectories(dir.resolve("brats"));
		VolumeCommandsTest.case2021(cases, "BraTS2021_00000");
		Path other = VolumeCommandsTest.case2021(cases, "BraTS2021_00001");
		short[] smaller = VolumeCommandsTest.volume(2); // its t2 lacks the top rows: other labels there
		for (int k = 0; k < smaller.length; k++) if (k / VolumeCommandsTest.NX % VolumeCommandsTest.NY < 8) smaller[k] = 0;
		VolumeCommandsTest.write(other.resolve("BraTS2021_00001_t2.nii.gz"), smaller, VolumeCommandsTest.NZ);
		Path corrupt = VolumeCommandsTest.case2021(cases, "BraTS2021_00002");
		byte[] gz = Files.readAllBytes(corrupt.resolve("BraTS2021_00002_t1ce.nii.gz"));
		Files.write(corrupt.resolve("BraTS2021_00002_t1ce.nii.gz"), Arrays.copyOf(gz, gz.length / 2));
		// a root relative to the working folder means the driver's folder on every node
		Path relative = Paths.get("").toAbsolutePath().relativize(cases);
		String[] job = { "brats", "--root", relative.toString(), "--out", out.toString() };

		int loads = Models.loads();
		Run r = spark(job);
		assertEquals(1, r.code, r.toString());
		assertEquals(loads + 1, Models.loads(), "one model load for the cases on two task threads");
		assertEquals(Map.of("BraTS2021_00000", "done", "BraTS2021_00001", "done", "BraTS2021_00002", "failed"),
			statuses(Outcome.VOLUME_HEADER));
		List<String> rows = Files.readAllLines(out.resolve(Job.RUN_TABLE));
		assertTrue(rows.get(1).startsWith("BraTS2021_00000,done,") && rows.get(1).split(",")[3].equals("4"),
			rows.get(1)); // 4 slices
		assertTrue(rows.get(3).contains("gzip stream is truncated"), rows.get(3));
		assertTrue(r.err.contains("1 of 3 items failed"), r.err);

		Path single = dir.resolve("single");
		Run s = cli("brats", "--root", cases.toString(), "--out", single.toString());
		assertEquals(1, s.code, s.toString());
		for (String file : new String[] { "BraTS2021_00000_labels.nii.gz", "BraTS2021_00001_labels.nii.gz",
			"settings.txt" })
			assertArrayEquals(Files.readAllBytes(single.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
		assertFalse(Arrays.equals(Files.readAllBytes(out.resolve("BraTS2021_00000_labels.nii.gz")),
			Files.readAllBytes(out.resolve("BraTS2021_00001_labels.nii.gz"))), "the cases differ");
		assertFalse(Files.exists(out.resolve("BraTS2021_00002_labels.nii.gz")));

		long time = Files.getLastModifiedTime(out.resolve("BraTS2021_00000_labels.nii.gz")).toMillis();
		Run again = spark(job);
		assertEquals(1, again.code, again.toString());
		assertEquals(Map.of("BraTS2021_00000", "skipped", "BraTS2021_00001", "skipped", "BraTS2021_00002", "failed"),
			statuses(Outcome.VOLUME_HEADER));
		assertEquals(time, Files.getLastModifiedTime(out.resolve("BraTS2021_00000_labels.nii.gz")).toMillis());
	}

	@Test
	void badInputIsOneClearLineFromTheDriver() throws Exception {
		Run missing = spark("images", "--root", dir.resolve("nowhere").toString(), "--out", out.toString());
		assertEquals(1, missing.code);
		assertOneLine(missing, "nowhere: input folder not found");

		Path empty = Files.createDirectories(dir.resolve("empty"));
		Files.write(empty.resolve("notes.txt"), new byte[] { 1 });
		Run none = spark("images", "--root", empty.toString(), "--out", out.toString());
		assertEquals(1, none.code);
		assertOneLine(none, "no images (PNG, JPEG, BMP, GIF) found; add --recursive");

		Run noRoot = spark("brats", "--root", dir.resolve("nowhere").toString(), "--out", out.toString());
		assertEquals(1, noRoot.code);
		assertOneLine(noRoot, "nowhere: not a folder of BraTS cases");

		Run noCase = spark("brats", "--root", empty.toString(), "--out", out.toString());
		assertEquals(1, noCase.code);
		assertOneLine(noCase, "empty: no case folder holds flair/t1ce/t2 volumes (a case is a sub-folder");

		Run unknown = spark("segmnet", "--root", root.toString());
		assertEquals(2, unknown.code);
		assertOneLine(unknown, "'segmnet'");

		Path noModel = Files.createDirectories(dir.resolve("unreadable-model"));
		int loads = Models.loads();
		Run model = SparkJobsTest.run(true, "images", "--root", root.toString(), "--out", out.toString(),
			"--recursive", "--model", noModel.toString(), "--resolution", "128", "--device", "cpu");
		assertEquals(1, model.code, model.toString());
		assertEquals(loads, Models.loads());
		assertTrue(model.err.contains("the workers could not load the model '" + noModel + "'"), model.err);
		assertFalse(model.err.contains("\tat "), "no stack trace: " + model.err);
		assertEquals(Map.of("a.png", "failed", "b.png", "failed", "sub/c.png", "failed"), statuses());
	}

	private static void assertOneLine(Run r, String expected) {
		List<String> lines = Arrays.stream(r.err.split("\n")).filter(l -> l.startsWith("diffncut-spark: ")).collect(
			Collectors.toList());
		assertEquals(1, lines.size(), r.err);
		assertTrue(lines.get(0).contains(expected), r.err);
		assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
	}

	/** The run table's status column, by item. */
	private Map<String, String> statuses() throws IOException {
		return statuses(Outcome.HEADER);
	}

	private Map<String, String> statuses(String header) throws IOException {
		Map<String, String> status = new TreeMap<>();
		List<String> lines = Files.readAllLines(out.resolve(Job.RUN_TABLE));
		assertEquals(header, lines.get(0));
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			status.put(f[0], f[1]);
		}
		return status;
	}

	private Run spark(String... args) {
		List<String> all = new ArrayList<>(Arrays.asList(args));
		if (!args[0].equals("segmnet")) all.addAll(Arrays.asList(model()));
		return run(true, all.toArray(new String[0]));
	}

	private Run cli(String... args) {
		List<String> all = new ArrayList<>(Arrays.asList(args));
		all.addAll(Arrays.asList(model()));
		return run(false, all.toArray(new String[0]));
	}

	private static String[] model() {
		List<String> m = new ArrayList<>(List.of("--model", Fixtures.tinySd14().resolve("model").toString()));
		m.addAll(Arrays.asList(OPTIONS));
		return m.toArray(new String[0]);
	}

	private static Run run(boolean spark, String... args) {
		StringWriter o = new StringWriter(), e = new StringWriter();
		PrintWriter po = new PrintWriter(o, true), pe = new PrintWriter(e, true);
		int code = spark ? SparkMain.execute(() -> sc, po, pe, args) : DiffNCut.execute(po, pe, args);
		return new Run(code, o.toString(), e.toString());
	}

	private static final class Run {
		final int code;
		final String out, err;

		Run(int code, String out, String err) {
			this.code = code;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + code + "\nout: " + out + "\nerr: " + err;
		}
	}
}
