package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.ij.BatchRun;
import org.diffncut.ij.Opt;
import org.diffncut.ij.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

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
