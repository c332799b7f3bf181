package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiHeader;
import org.diffncut.nifti.NiftiVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * segment (volumes), brats and evaluate-brats on the tiny SD-1.4-shaped model and small synthetic cases (whose
 * builders the Spark brats test shares).
 */
public class VolumeCommandsTest {
	public static final int NX = 24, NY = 20, NZ = 4;
	private static final String[] FAST = { "--resolution", "128", "--resolutions", "all", "--device", "cpu",
		"--stop", "ncut:1" };

	@TempDir
	Path tmp;

	private static String model() {
		return Fixtures.tinySd14().resolve("model").toString();
	}

	/**
	 * Slice k = 0 is all 0 (background); slices 1..3 are the same: foreground x in 4..19, y in 3..16, bright on the
	 * left half, dark on the right; {@code scale} varies the modality.
	 */
	public static short[] volume(int scale) {
		short[] v = new short[NX * NY * NZ];
		for (int k = 1; k < NZ; k++)
			for (int y = 3; y <= 16; y++)
				for (int x = 4; x <= 19; x++) v[x + NX * (y + NY * k)] = (short) (scale * (x < 12 ? 900 : 200));
		return v;
	}

	public static Path write(Path file, short[] v, int nz) throws Exception {
		Nifti.writeLabels(file, NiftiHeader.create(NX, NY, nz, new double[] { 1, 1, 2 }), v, "test volume");
		return file;
	}

	@Test
	void volumeLabelsKeepBackgroundZeroAndIdsAcrossSlices() throws Exception {
		Path in = write(tmp.resolve("vol.nii.gz"), volume(1), NZ), out = tmp.resolve("labels.nii.gz");
		byte[] before = Files.readAllBytes(in);
		CliRun r = CliRun.of(concat("segment", "--model", model(), "--image", in.toString(), "--out", out.toString()));
		assertEquals(0, r.code, r.toString());
		assertTrue(r.out.contains("in 3 of 4 slices"), r.out); // the empty slice got no model pass
		NiftiVolume labels = Nifti.read(out), input = Nifti.read(in);
		assertArrayEquals(input.header().dims(), labels.header().dims());
		assertArrayEquals(input.header().pixdim(), labels.header().pixdim());
		assertEquals(NiftiHeader.INTENT_LABEL, labels.header().intentCode());
		double[] l = labels.values(), v = input.values();
		for (int i = 0; i < l.length; i++) assertEquals(v[i] == 0, l[i] == 0, "voxel " + i + ": background is 0, only");
		int plane = NX * NY;
		for (int k = 2; k < NZ; k++) // identical slices get identical ids
			assertArrayEquals(Arrays.copyOfRange(l, plane, 2 * plane), Arrays.copyOfRange(l, k * plane, (k + 1) * plane));
		assertArrayEquals(before, Files.readAllBytes(in));
	}

	/**
	 * Slices that share one model pass (--batch 3: the three foreground slices of differing brightness in one batch)
	 * get the labels of one pass per slice.
	 */
	@Test
	void batchedSlicesGetTheLabelsOfSinglePasses() throws Exception {
		short[] v = volume(1);
		for (int i = NX * NY * 2; i < v.length; i++) v[i] = (short) (v[i] * (i < NX * NY * 3 ? 2 : 3));
		Path in = write(tmp.resolve("vol.nii.gz"), v, NZ);
		double[][] labels = new double[2][];
		for (int batch : new int[] { 1, 3 }) {
			Path out = tmp.resolve("labels-" + batch + ".nii.gz");
			CliRun r = CliRun.of(concat("segment", "--model", model(), "--image", in.toString(), "--out", out.toString(),
				"--batch", Integer.toString(batch)));
			assertEquals(0, r.code, r.toString());
			labels[batch == 1 ? 0 : 1] = Nifti.read(out).values();
		}
		assertArrayEquals(labels[0], labels[1]);
	}

	/** Issue 13 item 3 for brats: one writer per shard and folder, and no resume with other settings. */
	@Test
	void bratsRefusesAHeldFolderOrOtherSettingsBeforeLoadingTheModel() throws Exception {
		Path root = Files.createDirectories(tmp.resolve("root"));
		case2021(root, "BraTS2021_00000");
		Path out = Files.createDirectories(tmp.resolve("out"));
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		Files.writeString(out.resolve(".diffncut.lock"), "pid " + parent + "\nhost " + java.net.InetAddress.getLocalHost()
			.getHostName() + "\n");
		String noModel = tmp.resolve("no-model").toString();
		CliRun held = CliRun.of("brats", "--model", noModel, "--root", root.toString(), "--out", out.toString());
		assertEquals(1, held.code, held.toString());
		assertTrue(held.errors().contains("in use by another run (pid " + parent), held.err);
		Files.delete(out.resolve(".diffncut.lock"));
		Files.writeString(out.resolve("settings.txt"), "--steps=7\n");
		CliRun other = CliRun.of("brats", "--model", noModel, "--root", root.toString(), "--out", out.toString());
		assertEquals(1, other.code, other.toString());
		assertTrue(other.errors().contains("other settings"), other.err);
	}

	@Test
	void bratsOnARootWithoutCasesSaysWhereCasesAreLookedFor() throws Exception {
		String noModel = tmp.resolve("no-model").toString(), out = tmp.resolve("out").toString();
		CliRun missing = CliRun.of("brats", "--model", noModel, "--root", tmp.resolve("nowhere").toString(), "--out", out);
		assertEquals(1, missing.code, missing.toString());
		assertEquals("diffncut: " + tmp.resolve("nowhere") + ": not a folder of BraTS cases (give the folder that " +
			"holds one sub-folder per case)", missing.errors().trim());
		Path root = Files.createDirectories(tmp.resolve("root"));
		Files.writeString(root.resolve("name_mapping.csv"), "BraTS_2021_subject_ID\n");
		write(Files.createDirectories(root.resolve("BraTS2021_00000")).resolve("BraTS2021_00000_t1.nii.gz"), volume(1), NZ);
		CliRun none = CliRun.of("brats", "--model", noModel, "--root", root.toString(), "--out", out);
		assertEquals(1, none.code, none.toString());
		assertTrue(none.errors().contains("diffncut: " + root + ": no case folder holds flair/t1ce/t2 volumes (a case " +
			"is a sub-folder with e.g. <case>_flair.nii.gz): give the folder of the case folders, or other " +
			"--modalities"), none.err);
		assertTrue(Files.notExists(tmp.resolve("out")), "nothing written");
	}

	@Test
	void bratsShardsResumeAndReportBadCases() throws Exception {
		Path root = Files.createDirectories(tmp.resolve("root"));
		case2021(root, "BraTS2021_00000");
		Path c23 = case2023(root, "BraTS-GLI-00001-000");
		Path missing = Files.createDirectories(root.resolve("BraTS2021_00002"));
		write(missing.resolve("BraTS2021_00002_flair.nii.gz"), volume(1), NZ); // no t1ce, no t2
		Path shapes = case2021(root, "BraTS2021_00003");
		write(shapes.resolve("BraTS2021_00003_t2.nii.gz"), new short[NX * NY * 3], 3);
		Path corrupt = case2021(root, "BraTS2021_00004");
		byte[] gz = Files.readAllBytes(corrupt.resolve("BraTS2021_00004_t1ce.nii.gz"));
		Files.write(corrupt.resolve("BraTS2021_00004_t1ce.nii.gz"), Arrays.copyOf(gz, gz.length / 2));
		Files.writeString(root.resolve("name_mapping.csv"), "a,b\n");
		byte[] corruptBytes = Files.readAllBytes(corrupt.resolve("BraTS2021_00004_t1ce.nii.gz"));

		Path out = tmp.resolve("out");
		CliRun first = CliRun.of(concat("brats", "--model", model(), "--root", root.toString(), "--out", out.toString(),
			"--shard", "0/2"));
		CliRun second = CliRun.of(concat("brats", "--model", model(), "--root", root.toString(), "--out",
			out.toString(), "--shard", "1/2"));
		assertEquals(1, first.code, first.toString()); // cases 0, 2, 4: two of them fail
		assertEquals(1, second.code, second.toString()); // cases 1, 3: 3 fails
		assertTrue(first.errors().contains("name_mapping.csv: not a case folder, skipped"), first.err);
		List<String> rows = Files.readAllLines(out.resolve("cases.csv"), StandardCharsets.UTF_8);
		assertEquals("case,slices,slices_segmented,segments,seconds,status", rows.get(0));
		assertEquals(6, rows.size(), rows.toString()); // every case once: the shards' union, no case twice
		assertTrue(rows.get(1).startsWith("BraTS-GLI-00001-000,4,3,") && rows.get(1).endsWith(",ok"), rows.get(1));
		assertTrue(rows.get(2).startsWith("BraTS2021_00000,4,3,") && rows.get(2).endsWith(",ok"), rows.get(2));
		assertTrue(rows.get(3).contains("error:") && rows.get(3).contains("no t1ce/t2 volume"), rows.get(3));
		assertTrue(rows.get(4).contains("the channels differ in shape"), rows.get(4));
		assertTrue(rows.get(5).contains("gzip stream is truncated"), rows.get(5));
		Set<String> outputs = new HashSet<>();
		try (Stream<Path> files = Files.list(out)) {
			files.forEach(f -> outputs.add(f.getFileName().toString()));
		}
		assertEquals(Set.of("BraTS2021_00000_labels.nii.gz", "BraTS-GLI-00001-000_labels.nii.gz", "cases.csv",
			".cases.csv.lock", "settings.txt"), outputs); // nothing partial for the failed cases
		assertArrayEquals(corruptBytes, Files.readAllBytes(corrupt.resolve("BraTS2021_00004_t1ce.nii.gz")));

		// resume: the finished cases are skipped, their files untouched
		byte[] done = Files.readAllBytes(out.resolve("BraTS2021_00000_labels.nii.gz"));
		CliRun again = CliRun.of(concat("brats", "--model", model(), "--root", root.toString(), "--out", out.toString()));
		assertTrue(again.out.contains("0 cases segmented, 2 already done, 3 failed"), again.toString());
		assertArrayEquals(done, Files.readAllBytes(out.resolve("BraTS2021_00000_labels.nii.gz")));
		assertEquals(6, Files.readAllLines(out.resolve("cases.csv")).size());

		// evaluate: a seg per good case, one with an unknown label, one prediction of the wrong shape
		Path seg = root.resolve("BraTS2021_00000").resolve("BraTS2021_00000_seg.nii.gz");
		short[] gt = volume(0);
		for (int k = 1; k < NZ; k++)
			for (int y = 6; y <= 9; y++)
				for (int x = 5; x <= 8; x++) gt[x + NX * (y + NY * k)] = (short) (x < 7 ? 4 : 2);
		write(seg, gt, NZ);
		short[] bad = gt.clone();
		bad[0] = 7;
		write(c23.resolve("BraTS-GLI-00001-000-seg.nii.gz"), bad, NZ);
		write(shapes.resolve("BraTS2021_00003_seg.nii.gz"), gt, NZ);
		write(out.resolve("BraTS2021_00003_labels.nii.gz"), new short[NX * NY * 3], 3);
		Path json = tmp.resolve("scores.json"), csv = tmp.resolve("scores.csv");
		CliRun eval = CliRun.of("evaluate-brats", "--pred", out.toString(), "--root", root.toString(), "--json",
			json.toString(), "--csv", csv.toString());
		assertEquals(1, eval.code, eval.toString());
		assertTrue(eval.out.startsWith("1 of 3 cases scored"), eval.out);
		com.google.gson.JsonObject scores = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		com.google.gson.JsonObject wt = scores.getAsJsonObject("cases").getAsJsonObject("BraTS2021_00000")
			.getAsJsonObject("hungarian").getAsJsonObject("WT");
		assertTrue(wt.has("dice") && wt.has("hd95"));
		assertEquals(scores.getAsJsonObject("cases").getAsJsonObject("BraTS2021_00000").getAsJsonObject("merged")
			.getAsJsonObject("ET").get("dice").getAsDouble(), scores.getAsJsonObject("mean").getAsJsonObject("merged")
				.getAsJsonObject("ET").get("dice").getAsDouble()); // one case: the mean is its score
		List<String> lines = Files.readAllLines(csv);
		assertEquals(4, lines.size());
		assertTrue(lines.get(1).startsWith("BraTS-GLI-00001-000,\"error: BraTS-GLI-00001-000: the ground truth holds " +
			"label 7"), lines.get(1));
		assertTrue(lines.get(2).startsWith("BraTS2021_00000,ok,2021,"), lines.get(2));
		assertTrue(lines.get(3).contains("is 24x20x3 but the ground truth"), lines.get(3));
	}

	/**
	 * Issue 10, resumption after a kill: the real command in its own JVM, killed outright (SIGKILL, no shutdown hook)
	 * as soon as its first label volume appears, then run again. Nothing partial is visible after the kill, the
	 * finished cases are skipped, the stale temporary is swept, and the outputs are byte for byte those of an
	 * uninterrupted run, with one cases.csv row per case. Reference: that uninterrupted run.
	 */
	@Test
	void bratsKilledAfterItsFirstCaseResumesToTheOutputsOfAnUninterruptedRun() throws Exception {
		Path root = Files.createDirectories(tmp.resolve("root"));
		List<String> cases = List.of("BraTS2021_00000", "BraTS2021_00001", "BraTS2021_00002", "BraTS2021_00003");
		for (int c = 0; c < cases.size(); c++) {
			Path folder = Files.createDirectories(root.resolve(cases.get(c)));
			for (String m : new String[] { "flair", "t1ce", "t2" })
				write(folder.resolve(cases.get(c) + "_" + m + ".nii.gz"), volume(c + m.length()), NZ);
		}
		Path reference = tmp.resolve("reference"), out = Files.createDirectories(tmp.resolve("out"));
		CliRun whole = CliRun.of(concat("brats", "--model", model(), "--root", root.toString(), "--out", reference
			.toString()));
		assertEquals(0, whole.code, whole.toString());

		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DiffNCut.class.getName()));
		cmd.addAll(List.of(concat("brats", "--model", model(), "--root", root.toString(), "--out", out.toString())));
		Path log = tmp.resolve("killed.log");
		try (WatchService watch = out.getFileSystem().newWatchService()) {
			out.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			try {
				while (labelFiles(out).isEmpty()) {
					WatchKey key = watch.poll(2, TimeUnit.MINUTES);
					assertTrue(key != null && p.isAlive(), () -> "no label volume appeared: " + read(log));
					key.pollEvents();
					key.reset();
				}
			}
			finally {
				p.destroyForcibly();
				assertTrue(p.waitFor(1, TimeUnit.MINUTES));
			}
		}
		List<String> killed = labelFiles(out);
		assertTrue(killed.size() < cases.size(), "killed before the last case: " + killed);
		for (String f : killed) // what is visible is complete: a whole case's labels
			assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(out.resolve(f)), f);

		CliRun resumed = CliRun.of(concat("brats", "--model", model(), "--root", root.toString(), "--out", out
			.toString()));
		assertEquals(0, resumed.code, resumed.toString());
		assertTrue(resumed.out.startsWith((cases.size() - killed.size()) + " cases segmented, " + killed.size() +
			" already done, 0 failed"), resumed.out);
		for (String c : cases)
			assertArrayEquals(Files.readAllBytes(reference.resolve(c + "_labels.nii.gz")), Files.readAllBytes(out
				.resolve(c + "_labels.nii.gz")), c);
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".part")).collect(
				Collectors.toList()), "no temporary is left");
		}
		List<String> rows = Files.readAllLines(out.resolve("cases.csv")), expected = Files.readAllLines(reference.resolve(
			"cases.csv"));
		assertEquals(cases.size() + 1, rows.size(), String.join("\n", rows));
		assertEquals(expected.get(0), rows.get(0));
		for (int r = 1; r < rows.size(); r++) // one row per case, sorted; the seconds differ
			assertEquals(expected.get(r).substring(0, expected.get(r).lastIndexOf(',', expected.get(r).lastIndexOf(',') -
				1)), rows.get(r).substring(0, rows.get(r).lastIndexOf(',', rows.get(r).lastIndexOf(',') - 1)), rows.get(r));
	}

	/** The visible label volumes in {@code out}: complete files, never a hidden temporary. */
	private static List<String> labelFiles(Path out) throws IOException {
		try (Stream<Path> files = Files.list(out)) {
			return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("_labels.nii.gz") && !n.startsWith(
				".")).sorted().collect(Collectors.toList());
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException e) {
			return e.toString();
		}
	}

	/** A BraTS 2021 case folder: flair, t1, t1ce and t2 volumes. */
	public static Path case2021(Path root, String name) throws Exception {
		Path c = Files.createDirectories(root.resolve(name));
		for (String m : new String[] { "flair", "t1", "t1ce", "t2" })
			write(c.resolve(name + "_" + m + ".nii.gz"), volume(m.length()), NZ);
		return c;
	}

	/** A BraTS 2023 case folder: t2f, t1c, t2w and t1n volumes, named {@code <name>-<modality>.nii.gz}. */
	public static Path case2023(Path root, String name) throws Exception {
		Path c = Files.createDirectories(root.resolve(name));
		for (String m : new String[] { "t2f", "t1c", "t2w", "t1n" })
			write(c.resolve(name + "-" + m + ".nii.gz"), volume(m.length()), NZ);
		return c;
	}

	private static String[] concat(String... args) {
		String[] all = Arrays.copyOf(args, args.length + FAST.length);
		System.arraycopy(FAST, 0, all, args.length, FAST.length);
		return all;
	}
}
