package org.diffncut.fiji;

import static org.diffncut.nifti.LabelVolumes.assertLabelsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.cli.CliRun;
import org.diffncut.cli.VolumeCommandsTest;
import org.diffncut.ij.BatchRun;
import org.diffncut.ij.Opt;
import org.diffncut.ij.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.command.CommandModule;
import org.scijava.module.Module;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/** The batch command through CommandService on the tiny model; references: the files it wrote and the CSV's rows. */
class BatchCommandTest {
	@BeforeAll
	static void start() {
		SegmentCommandTest.start();
	}

	@AfterAll
	static void stop() {
		SegmentCommandTest.stop();
	}

	@Test
	void openStackGivesOneLabelImagePerSliceAndResumes(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("out");
		CommandModule m = batch(null, TestImages.stack(), out, false);
		assertFalse(m.isCanceled(), m::getCancelReason);
		assertEquals("2 segmented, 0 skipped (already done), 0 failed", m.getOutput("summary"));
		ImagePlus first = IJ.openImage(out.resolve("stack-1-labels.tif").toString());
		assertEquals(128, first.getWidth());
		assertEquals(0.5, first.getCalibration().pixelWidth);
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(3, csv.size());
		assertTrue(csv.get(1).matches("stack-1,stack-1-labels.tif,1,\\d+,[0-9.]+,done"), csv.get(1));

		// delete one output: only that one is redone
		Files.delete(out.resolve("stack-2-labels.tif"));
		assertEquals("1 segmented, 1 skipped (already done), 0 failed", batch(null, TestImages.stack(), out, false)
			.getOutput("summary"));
		assertEquals("2 segmented, 0 skipped (already done), 0 failed", batch(null, TestImages.stack(), out, true)
			.getOutput("summary"));
		assertEquals(6, Files.readAllLines(out.resolve(BatchRun.CSV)).size());
		assertEquals(List.of("segments.csv", "settings.txt", "stack-1-labels.tif", "stack-2-labels.tif"), files(out),
			"no partial files");
	}

	/**
	 * Cancel as the second of two slices starts, as a user pressing Cancel would (the status bar names each item):
	 * the first keeps its labels and row, the second has neither, and the summary says how to resume.
	 */
	@Test
	void aCanceledBatchKeepsWhatItFinishedAndSaysHowToResume(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put("input", TestImages.stack());
		in.put("output_folder", out.toFile());
		in.put("overwrite", false);
		List<String> statuses = new ArrayList<>();
		Module module = SegmentCommandTest.runCanceledAt(BatchCommand.class, in, "2/2 stack-2", statuses);
		assertTrue(((Cancelable) module).isCanceled());
		assertEquals("1 segmented, 0 skipped (already done), 0 failed, canceled: run again to resume", module
			.getOutput("summary"));
		assertTrue(statuses.stream().anyMatch(s -> s.matches(".*2/2 stack-2 \\([0-9.]+ s each, [0-9:]+ left\\): .*")),
			String.join("\n", statuses));
		assertEquals(List.of("segments.csv", "settings.txt", "stack-1-labels.tif"), files(out));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(2, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("stack-1,stack-1-labels.tif,"), csv.get(1));
	}

	@Test
	void unreadableFileIsRecordedAndTheBatchGoesOn(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		Files.write(in.resolve("broken.tif"), "not a tiff".getBytes(StandardCharsets.UTF_8));
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("scan.tif").toString());
		CommandModule m = batch(in, null, out, false);
		assertEquals("1 segmented, 0 skipped (already done), 1 failed", m.getOutput("summary"));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertTrue(csv.get(1).startsWith("broken,,0,0,0.000,failed: broken.tif cannot be opened as an image"), csv
			.get(1));
		assertEquals(List.of("scan-labels.tif", "segments.csv", "settings.txt"), files(out));
	}

	/** Item 2: a.png and a.tif get labels of their own, not one shared a-labels.tif. */
	@Test
	void imagesSharingANameGetLabelsOfTheirOwn(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("a.tif").toString());
		new FileSaver(TestImages.gray16()).saveAsPng(in.resolve("a.png").toString());
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("b.tif").toString());
		assertEquals("3 segmented, 0 skipped (already done), 0 failed", batch(in, null, out, false).getOutput("summary"));
		assertEquals(List.of("a-png-labels.tif", "a-tif-labels.tif", "b-labels.tif", "segments.csv",
			"settings.txt"), files(out));
	}

	/** Item 5: a batch into its own input folder never segments the label images it wrote. */
	@Test
	void aBatchIntoItsInputFolderSkipsItsOwnOutputs(@TempDir Path dir) throws IOException {
		new FileSaver(TestImages.gray16()).saveAsTiff(dir.resolve("scan.tif").toString());
		assertEquals("1 segmented, 0 skipped (already done), 0 failed", batch(dir, null, dir, false).getOutput("summary"));
		assertEquals("0 segmented, 1 skipped (already done), 0 failed", batch(dir, null, dir, false)
			.getOutput("summary"));
		assertEquals(List.of("scan-labels.tif", "scan.tif", "segments.csv", "settings.txt"), files(dir));
	}

	/** Item 8: a label image that cannot be written is an error row, and nothing partial stays. */
	@Test
	void aFailedWriteIsAnErrorRowAndLeavesNoPartialFile(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = Files.createDirectories(dir.resolve("out"));
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("scan.tif").toString());
		Files.createDirectories(out.resolve("scan-labels.tif").resolve("in-the-way"));
		CommandModule m = batch(in, null, out, true);
		assertEquals("0 segmented, 0 skipped (already done), 1 failed", m.getOutput("summary"));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertTrue(csv.get(1).startsWith("scan,,0,0,0.000,failed: cannot write " + out.resolve("scan-labels.tif")), csv
			.get(1));
		assertEquals(List.of("scan-labels.tif", "segments.csv", "settings.txt"), files(out), "no .partial or .part file");
	}

	/** Item 3: a folder another running batch holds is refused, naming the holder. */
	@Test
	void aFolderHeldByAnotherRunIsRefused(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = Files.createDirectories(dir.resolve("out"));
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("scan.tif").toString());
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		Files.write(out.resolve(".diffncut.lock"), ("pid " + parent + "\nhost " + java.net.InetAddress.getLocalHost()
			.getHostName() + "\n").getBytes(StandardCharsets.UTF_8));
		CommandModule m = batch(in, null, out, false);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("in use by another run (pid " + parent), m.getCancelReason());
		assertEquals(List.of(".diffncut.lock"), files(out));
	}

	/** Item 3: the settings are recorded beside the CSV, and a resume with others is refused unless overwriting. */
	@Test
	void aResumeWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		new FileSaver(TestImages.gray16()).saveAsTiff(in.resolve("scan.tif").toString());
		CommandModule first = batch(in, null, out, false);
		assertFalse(first.isCanceled(), () -> first.getCancelReason());
		String recorded = Files.readString(out.resolve("settings.txt"));
		assertTrue(recorded.contains("steps=1 "), recorded);
		Map<String, Object> other = SegmentCommandTest.tinyOptions();
		other.put(Opt.STEPS, 2);
		CommandModule refused = batch(in, out, false, other);
		assertTrue(refused.isCanceled() && refused.getCancelReason().contains("other settings"), refused
			.getCancelReason());
		assertEquals(recorded, Files.readString(out.resolve("settings.txt")), "refused before anything changed");
		CommandModule overwriting = batch(in, out, true, other);
		assertFalse(overwriting.isCanceled(), () -> overwriting.getCancelReason());
		assertTrue(Files.readString(out.resolve("settings.txt")).contains("steps=2 "));
	}

	/**
	 * Issue 10: NIfTI volumes (.nii, .nii.gz, NIfTI-1/2, either byte order) and BraTS case folders (2021 and 2023
	 * names) become label volumes with their input's geometry (our reader on both files: header fields equal),
	 * background 0 exactly where every channel is 0, byte for byte what {@code diffncut segment} and
	 * {@code diffncut brats} write with the same settings (one core path); finished ones are skipped on a resume.
	 */
	@Test
	void niftiVolumesAndCaseFoldersBecomeLabelVolumesWithTheirGeometry(@TempDir Path dir) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		Path vol = VolumeCommandsTest.write(in.resolve("vol.nii.gz"), VolumeCommandsTest.volume(1), VolumeCommandsTest.NZ);
		Path be = Files.copy(Fixtures.nifti("i16_be.nii"), in.resolve("scan.nii"));
		Path n2 = Files.copy(Fixtures.nifti("n2_f64_be.nii.gz"), in.resolve("n2.nii.gz"));
		VolumeCommandsTest.case2021(in, "BraTS2021_00000");
		Path c23 = VolumeCommandsTest.case2023(in, "BraTS-GLI-00001-000");
		Files.createDirectories(in.resolve("notes"));
		Files.write(in.resolve("name_mapping.csv"), "a,b\n".getBytes(StandardCharsets.UTF_8));
		Map<Path, String> inputs = contents(in);

		CommandModule m = batch(in, out, false, SegmentCommandTest.tinyOptions());
		assertFalse(m.isCanceled(), m::getCancelReason);
		assertEquals("5 segmented, 0 skipped (already done), 0 failed", m.getOutput("summary"));
		assertEquals(List.of("BraTS-GLI-00001-000_labels.nii.gz", "BraTS2021_00000_labels.nii.gz", "n2-labels.nii.gz",
			"scan-labels.nii.gz", "segments.csv", "settings.txt", "vol-labels.nii.gz"), files(out));
		assertLabelsOf(out.resolve("vol-labels.nii.gz"), vol);
		assertLabelsOf(out.resolve("scan-labels.nii.gz"), be);
		assertLabelsOf(out.resolve("n2-labels.nii.gz"), n2);
		Path c21 = in.resolve("BraTS2021_00000");
		assertLabelsOf(out.resolve("BraTS2021_00000_labels.nii.gz"), c21.resolve("BraTS2021_00000_flair.nii.gz"),
			c21.resolve("BraTS2021_00000_t1ce.nii.gz"), c21.resolve("BraTS2021_00000_t2.nii.gz"));
		assertLabelsOf(out.resolve("BraTS-GLI-00001-000_labels.nii.gz"), c23.resolve("BraTS-GLI-00001-000-t2f.nii.gz"),
			c23.resolve("BraTS-GLI-00001-000-t1c.nii.gz"), c23.resolve("BraTS-GLI-00001-000-t2w.nii.gz"));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(6, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).matches("BraTS-GLI-00001-000,BraTS-GLI-00001-000_labels.nii.gz,4,\\d+,[0-9.]+,done"), csv
			.get(1));
		assertTrue(csv.get(5).matches("vol,vol-labels.nii.gz,4,\\d+,[0-9.]+,done"), csv.get(5));
		assertTrue(Files.readString(out.resolve("settings.txt")).contains("modalities=flair,t1ce,t2 axis=2"));
		assertEquals(inputs, contents(in), "the inputs are untouched");

		// the command line, with the same settings: the same bytes
		String[] tiny = { "--model", Fixtures.tinySd14().resolve("model").toString(), "--device", "cpu", "--resolution",
			"128", "--resolutions", "16,8,4", "--stop", "manc-mincut" };
		Path cli = dir.resolve("cli");
		cli("segment", tiny, "--image", vol.toString(), "--out", cli.resolve("vol.nii.gz").toString());
		assertArrayEquals(Files.readAllBytes(cli.resolve("vol.nii.gz")), Files.readAllBytes(out.resolve(
			"vol-labels.nii.gz")));
		cli("brats", tiny, "--root", in.toString(), "--out", cli.toString());
		for (String c : new String[] { "BraTS2021_00000_labels.nii.gz", "BraTS-GLI-00001-000_labels.nii.gz" })
			assertArrayEquals(Files.readAllBytes(cli.resolve(c)), Files.readAllBytes(out.resolve(c)), c);

		// resume: every label volume is skipped and stays as it was; a deleted one is made again
		Map<Path, String> done = contents(out);
		assertEquals("0 segmented, 5 skipped (already done), 0 failed", batch(in, out, false, SegmentCommandTest
			.tinyOptions()).getOutput("summary"));
		Files.delete(out.resolve("BraTS2021_00000_labels.nii.gz"));
		assertEquals("1 segmented, 4 skipped (already done), 0 failed", batch(in, out, false, SegmentCommandTest
			.tinyOptions()).getOutput("summary"));
		assertEquals(7, Files.readAllLines(out.resolve(BatchRun.CSV)).size(), "one row more, for the case made again");
		done.remove(out.resolve(BatchRun.CSV));
		Map<Path, String> now = contents(out);
		now.remove(out.resolve(BatchRun.CSV));
		assertEquals(done, now, "the same bytes again");
	}

	/** Issue 10: the volume axis and the modalities are options; other slices give other label volumes. */
	@Test
	void theAxisAndTheModalitiesAreOptions(@TempDir Path dir) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		Path c = VolumeCommandsTest.case2021(in, "BraTS2021_00000");
		Map<String, Object> options = SegmentCommandTest.tinyOptions();
		options.put(Opt.AXIS, 0);
		options.put(Opt.MODALITIES, "t1");
		assertEquals("1 segmented, 0 skipped (already done), 0 failed", batch(in, out, false, options).getOutput(
			"summary"));
		assertTrue(Files.readAllLines(out.resolve(BatchRun.CSV)).get(1).startsWith("BraTS2021_00000," +
			"BraTS2021_00000_labels.nii.gz," + VolumeCommandsTest.NX + ","), "24 slices across axis 0");
		assertLabelsOf(out.resolve("BraTS2021_00000_labels.nii.gz"), c.resolve("BraTS2021_00000_t1.nii.gz"));
		options.put(Opt.MODALITIES, "dwi");
		assertEquals("Diffusion NCut: modalities: unknown BraTS modality 'dwi': use flair, t1ce, t2, t1 (or the 2023 " +
			"names t2f, t1c, t2w, t1n)", batch(in, out, false, options).getCancelReason());
	}

	/**
	 * Issue 10: a corrupt, short or unsupported volume, a case folder lacking a modality, one whose modalities differ
	 * in shape, and one with two FLAIR files are error rows; the batch goes on, nothing partial is left, and no input
	 * changes.
	 */
	@Test
	void badVolumesAndCasesAreErrorRowsAndTheBatchGoesOn(@TempDir Path dir) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		VolumeCommandsTest.write(in.resolve("good.nii.gz"), VolumeCommandsTest.volume(1), VolumeCommandsTest.NZ);
		Files.copy(Fixtures.nifti("truncated.nii.gz"), in.resolve("truncated.nii.gz"));
		Files.copy(Fixtures.nifti("short.nii"), in.resolve("short.nii"));
		Files.copy(Fixtures.nifti("rgb24.nii"), in.resolve("rgb.nii"));
		Path missing = Files.createDirectories(in.resolve("BraTS2021_00002"));
		VolumeCommandsTest.write(missing.resolve("BraTS2021_00002_flair.nii.gz"), VolumeCommandsTest.volume(1),
			VolumeCommandsTest.NZ);
		Path shapes = VolumeCommandsTest.case2021(in, "BraTS2021_00003");
		VolumeCommandsTest.write(shapes.resolve("BraTS2021_00003_t2.nii.gz"), new short[VolumeCommandsTest.NX *
			VolumeCommandsTest.NY * 3], 3);
		Path twice = VolumeCommandsTest.case2021(in, "BraTS2021_00004");
		Files.copy(twice.resolve("BraTS2021_00004_flair.nii.gz"), twice.resolve("BraTS2021_00004-t2f.nii.gz"));
		Map<Path, String> inputs = contents(in);

		CommandModule m = batch(in, out, false, SegmentCommandTest.tinyOptions());
		assertFalse(m.isCanceled(), m::getCancelReason);
		assertEquals("1 segmented, 0 skipped (already done), 6 failed", m.getOutput("summary"));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(8, csv.size(), String.join("\n", csv));
		assertRow(csv, "BraTS2021_00002,,0,0,0.000,failed: ", "no t1ce/t2 volume");
		assertRow(csv, "BraTS2021_00003,,0,0,0.000,failed: ", "the channels differ in shape");
		assertRow(csv, "BraTS2021_00004,,0,0,0.000,failed: ", "several flair files");
		assertRow(csv, "rgb,,0,0,0.000,failed: ", "RGB24");
		assertRow(csv, "short,,0,0,0.000,failed: ", "short.nii");
		assertRow(csv, "truncated,,0,0,0.000,failed: ", "gzip stream is truncated");
		assertEquals(List.of("good-labels.nii.gz", "segments.csv", "settings.txt"), files(out), "nothing partial");
		assertEquals(inputs, contents(in), "the inputs are untouched");
	}

	/** Issue 10: a batch into its own input folder never segments the label volumes it wrote, nor overwrites an input. */
	@Test
	void aVolumeBatchIntoItsInputFolderSkipsItsOwnOutputs(@TempDir Path dir) throws Exception {
		VolumeCommandsTest.write(dir.resolve("vol.nii"), VolumeCommandsTest.volume(1), VolumeCommandsTest.NZ);
		VolumeCommandsTest.case2021(dir, "BraTS2021_00000");
		Map<Path, String> inputs = contents(dir);
		assertEquals("2 segmented, 0 skipped (already done), 0 failed", batch(dir, dir, false, SegmentCommandTest
			.tinyOptions()).getOutput("summary"));
		CommandModule again = batch(dir, dir, false, SegmentCommandTest.tinyOptions());
		assertEquals("0 segmented, 2 skipped (already done), 0 failed", again.getOutput("summary"));
		assertEquals(List.of("BraTS2021_00000", "BraTS2021_00000_labels.nii.gz", "segments.csv", "settings.txt",
			"vol-labels.nii.gz", "vol.nii"), files(dir));
		Map<Path, String> now = contents(dir);
		now.keySet().retainAll(inputs.keySet());
		assertEquals(inputs, now, "the inputs are untouched");
	}

	private static void assertRow(List<String> csv, String start, String reason) {
		assertTrue(csv.stream().map(r -> r.replace("\"", "")).anyMatch(r -> r.startsWith(start) && r.contains(reason)),
			start + "…" + reason + " in\n" +
			String.join("\n", csv));
	}

	/** Runs the command line in this JVM; it must succeed. */
	private static void cli(String command, String[] options, String... args) {
		List<String> all = new ArrayList<>(List.of(command));
		all.addAll(List.of(options));
		all.addAll(List.of(args));
		CliRun run = CliRun.of(all.toArray(new String[0]));
		assertEquals(0, run.code, run::toString);
	}

	/** Every file under {@code dir} and its bytes (Base64, so that maps of them compare by content). */
	static Map<Path, String> contents(Path dir) throws IOException {
		Map<Path, String> files = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) files.put(p, Base64
				.getEncoder().encodeToString(Files.readAllBytes(p)));
		}
		return files;
	}

	static CommandModule batch(Path folder, Path out, boolean overwrite, Map<String, Object> in) {
		in.put("input_folder", folder.toFile());
		in.put("output_folder", out.toFile());
		in.put("overwrite", overwrite);
		return SegmentCommandTest.run(BatchCommand.class, in);
	}

	static CommandModule batch(Path folder, ImagePlus stack, Path out, boolean overwrite) {
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put("input_folder", folder == null ? null : folder.toFile());
		in.put("input", stack);
		in.put("output_folder", out.toFile());
		in.put("overwrite", overwrite);
		return SegmentCommandTest.run(BatchCommand.class, in);
	}

	static List<String> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
