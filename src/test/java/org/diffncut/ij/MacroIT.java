package org.diffncut.ij;

import static org.diffncut.nifti.LabelVolumes.assertLabelsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.cli.VolumeCommandsTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageStatistics;

/**
 * The real ImageJ 1.x: ij.jar in its own JVM under Xvfb, with a plugins folder holding what a plain ImageJ user
 * installs (our jar, the -ij1 jar, and the dependencies in plugins/jars, but neither SciJava, Fiji nor the -spark
 * assembly, which bundles every dependency), runs each
 * macro of {@code scripts/} on the tiny fixture model. The test reads what the macros wrote. Runs after
 * {@code package} (failsafe), since it needs the built jars.
 */
class MacroIT {
	/** Tiny-model options (see SegmentCommandTest#tinyOptions): 128 px, MAN-C with min-cut. */
	static final String TINY = "model=[" + Fixtures.tinySd14().resolve("model") + "] device=cpu resolution=128 " +
		"resolutions=16,8,4 stop=[MAN-C with scaled min-cut] recut_range=0";
	/** Set (as in .ci/run) to fail rather than skip where no X server starts. */
	static final String REQUIRE_DISPLAY = "diffncut.display.required";
	static Process xvfb;
	static String display;
	static Path imagej;

	@BeforeAll
	static void startDisplayAndInstall(@TempDir Path dir) throws IOException {
		display = startXvfb();
		if (display == null && Boolean.getBoolean(REQUIRE_DISPLAY)) fail("Xvfb did not start, and -D" + REQUIRE_DISPLAY + " asks for these tests");
		if (display == null) return;
		imagej = dir.resolve("ImageJ");
		Path plugins = Files.createDirectories(imagej.resolve("plugins")), jars = Files.createDirectories(plugins
			.resolve("jars"));
		Path target = Paths.get("target");
		try (Stream<Path> built = Files.list(target)) {
			for (Path jar : built.filter(p -> p.getFileName().toString().matches("diffusion-ncut-.*\\.jar") && !p
				.getFileName().toString().matches(".*-(sources|tests|javadoc|spark)\\.jar")).collect(Collectors.toList()))
				Files.copy(jar, plugins.resolve(jar.getFileName()));
		}
		try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
			for (Path jar : libs.collect(Collectors.toList())) {
				String name = jar.getFileName().toString();
				// plain ImageJ has neither SciJava nor Fiji: the -ij1 plug-in must not need them
				if (name.startsWith("ij-") || name.startsWith("scijava-") || name.startsWith("parsington-")) continue;
				Files.copy(jar, jars.resolve(name));
			}
		}
		// the test's "user" at the dialog (RecordingDriver), reachable by the macros' call()
		try (JarOutputStream driver = new JarOutputStream(Files.newOutputStream(jars.resolve("recording-driver.jar")))) {
			driver.putNextEntry(new JarEntry("org/diffncut/ij/RecordingDriver.class"));
			Files.copy(Paths.get("target", "test-classes", "org", "diffncut", "ij", "RecordingDriver.class"), driver);
			driver.closeEntry();
		}
	}

	/** Each test shows as skipped, with the reason, where no X server started. */
	@BeforeEach
	void needsDisplay() {
		assumeTrue(display != null, "no X server: Xvfb is not installed or did not start (Debian: apt-get install xvfb; " +
			".ci/run installs it and sets -D" + REQUIRE_DISPLAY + ")");
	}

	/** A virtual display's name (":1"), or null where Xvfb is missing or does not start. */
	private static String startXvfb() {
		try {
			xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
				.redirectError(ProcessBuilder.Redirect.DISCARD).start();
		}
		catch (IOException e) {
			return null; // not installed
		}
		try (BufferedReader r = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8))) {
			String line = r.readLine(); // -displayfd writes the display number once the server is up
			return line == null ? null : ":" + line.trim();
		}
		catch (IOException e) {
			return null;
		}
	}

	@AfterAll
	static void stopDisplay() {
		if (xvfb != null) xvfb.destroy();
	}

	@Test
	void segmentImageMacroWritesLabelsAndRoiManagerSegments(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif"), labels = dir.resolve("picture-labels.tif");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		String log = runMacro(script("segment_image.ijm"), image + "|" + labels + "|" + TINY + " rois");

		ImagePlus out = IJ.openImage(labels.toString());
		assertEquals(16, out.getBitDepth());
		assertArrayEquals(new int[] { 128, 128, 1, 1, 1 }, out.getDimensions());
		assertEquals(0.5, out.getCalibration().pixelWidth, "calibration copied");
		int segments = (int) ImageStatistics.getStatistics(out.getProcessor()).max + 1;
		assertTrue(segments >= 2, "MAN-C with min-cut gives several segments: " + segments);
		assertTrue(log.contains("segment_image: picture-labels.tif, " + segments + " ROIs"), log);
		assertTrue(Files.size(dir.resolve("picture-labels-rois.zip")) > 0, "ROI Manager saved");
	}

	@Test
	void segmentStackMacroKeepsLabelsAlongTheStack(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("stack.tif"), labels = dir.resolve("stack-labels.tif");
		new FileSaver(TestImages.stack()).saveAsTiffStack(image.toString());
		String log = runMacro(script("segment_stack.ijm"), image + "|" + labels + "|" + TINY + " consistent rois");

		ImagePlus out = IJ.openImage(labels.toString());
		assertArrayEquals(new int[] { 128, 128, 1, 2, 1 }, out.getDimensions());
		List<String> rois = Files.readAllLines(dir.resolve("stack-labels-rois.csv"));
		int slice1 = TestImages.distinct((short[]) out.getStack().getPixels(1));
		int slice2 = TestImages.distinct((short[]) out.getStack().getPixels(2));
		assertEquals(slice1 + slice2, rois.size(), String.join("\n", rois));
		for (String row : rois) assertTrue(row.matches("slice-(\\d)-segment-\\d+,\\1"), row);
		assertTrue(log.contains("segment_stack: 2 slices, " + rois.size() + " ROIs"), log);
	}

	@Test
	void segmentFolderMacroWritesLabelsAndCsvAndResumes(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		new FileSaver(TestImages.gray8()).saveAsTiff(in.resolve("a.tif").toString());
		new FileSaver(TestImages.rgb()).saveAsPng(in.resolve("b.png").toString());
		Files.write(in.resolve("notes.txt"), "not an image".getBytes(StandardCharsets.UTF_8));
		runMacro(script("segment_folder.ijm"), in + "|" + out + "|" + TINY);
		assertTrue(Files.exists(out.resolve("a-labels.tif")));
		assertTrue(Files.exists(out.resolve("b-labels.tif")));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(BatchRun.HEADER, csv.get(0));
		assertEquals(3, csv.size(), String.join("\n", csv));

		// again: both are skipped, nothing rewritten, no new row
		long modified = Files.getLastModifiedTime(out.resolve("a-labels.tif")).toMillis();
		String log = runMacro(script("segment_folder.ijm"), in + "|" + out + "|" + TINY);
		assertTrue(log.contains("0 segmented, 2 skipped (already done), 0 failed"), log);
		assertEquals(modified, Files.getLastModifiedTime(out.resolve("a-labels.tif")).toMillis());
		assertEquals(3, Files.readAllLines(out.resolve(BatchRun.CSV)).size());
	}

	/**
	 * Issue 10: the BraTS macro in plain ImageJ (-batch, no ROI Manager): each case folder, 2021 and 2023 names, to a
	 * label volume with its first modality's geometry and background 0 (our reader on both files); a case lacking a
	 * modality is a failed row; a second run skips the finished cases and leaves their files as they were.
	 */
	@Test
	void segmentBratsMacroWritesLabelVolumesAndResumes(@TempDir Path dir) throws Exception {
		Path root = Files.createDirectories(dir.resolve("BraTS")), out = dir.resolve("out");
		Path c21 = VolumeCommandsTest.case2021(root, "BraTS2021_00000");
		Path c23 = VolumeCommandsTest.case2023(root, "BraTS-GLI-00001-000");
		Path missing = Files.createDirectories(root.resolve("BraTS2021_00002"));
		VolumeCommandsTest.write(missing.resolve("BraTS2021_00002_flair.nii.gz"), VolumeCommandsTest.volume(1),
			VolumeCommandsTest.NZ);
		Files.write(root.resolve("name_mapping.csv"), "a,b\n".getBytes(StandardCharsets.UTF_8));

		String log = runMacro(script("segment_brats.ijm"), root + "|" + out + "|" + TINY + " modalities=flair,t1ce,t2");
		assertTrue(log.contains("segment_brats: 2 label volumes, 1 failed rows"), log);
		assertTrue(log.contains("BraTS2021_00002: no t1ce/t2 volume"), log);
		assertLabelsOf(out.resolve("BraTS2021_00000_labels.nii.gz"), c21.resolve("BraTS2021_00000_flair.nii.gz"),
			c21.resolve("BraTS2021_00000_t1ce.nii.gz"), c21.resolve("BraTS2021_00000_t2.nii.gz"));
		assertLabelsOf(out.resolve("BraTS-GLI-00001-000_labels.nii.gz"), c23.resolve("BraTS-GLI-00001-000-t2f.nii.gz"),
			c23.resolve("BraTS-GLI-00001-000-t1c.nii.gz"), c23.resolve("BraTS-GLI-00001-000-t2w.nii.gz"));

		byte[] done = Files.readAllBytes(out.resolve("BraTS2021_00000_labels.nii.gz"));
		log = runMacro(script("segment_brats.ijm"), root + "|" + out + "|" + TINY);
		assertTrue(log.contains("0 segmented, 2 skipped (already done), 1 failed"), log);
		assertArrayEquals(done, Files.readAllBytes(out.resolve("BraTS2021_00000_labels.nii.gz")));
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of("BraTS-GLI-00001-000_labels.nii.gz", "BraTS2021_00000_labels.nii.gz", "segments.csv",
				"settings.txt"), files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
					.collect(Collectors.toList()));
		}
	}

	/**
	 * A corrupt file in an unattended batch: ImageJ's opener would abort the macro with a modal "Macro Error" dialog
	 * (the test would time out); instead it is a failed row and the batch goes on.
	 */
	@Test
	void aCorruptFileInAFolderIsAFailedRowNotAHang(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		Files.write(in.resolve("broken.tif"), new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2 });
		Files.write(in.resolve("truncated.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0 });
		new FileSaver(TestImages.gray8()).saveAsTiff(in.resolve("good.tif").toString());
		String log = runMacro(script("segment_folder.ijm"), in + "|" + out + "|" + TINY);
		assertTrue(log.contains("1 segmented, 0 skipped (already done), 2 failed"), log);
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(4, csv.size(), String.join("\n", csv));
		assertTrue(csv.stream().anyMatch(r -> r.startsWith("broken,,0,0,0.000,failed: broken.tif cannot be opened")),
			String.join("\n", csv));
	}

	@Test
	void badImageStopsTheMacroWithAClearMessageAndExitCode1(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("tiny.tif"), labels = dir.resolve("tiny-labels.tif");
		new FileSaver(new ImagePlus("tiny", new ij.process.ByteProcessor(1, 1))).saveAsTiff(image.toString());
		Path macro = dir.resolve("bad.ijm");
		Files.write(macro, ("open('" + image + "'); run('Diffusion NCut Segmentation', '" + TINY.replace("'", "\\'") +
			"'); saveAs('Tiff', '" + labels + "'); print('the macro went on');").getBytes(StandardCharsets.UTF_8));
		Run r = run("-batch", macro, "");
		assertEquals(1, r.code, r.output);
		assertTrue(r.output.contains("Diffusion NCut: tiny.tif is 1x1 px: Diffusion NCut needs at least 8x8"), r.output);
		assertFalse(r.output.contains("the macro went on"), "the macro must stop at the failed command: " + r.output);
		assertFalse(Files.exists(labels), "nothing saved under the labels' name");
	}

	/** The legacy menu's batch with no input folder and nothing open says what to choose, as the SciJava one does. */
	@Test
	void aBatchOfNoFolderAndNoImageSaysWhatToChoose(@TempDir Path dir) throws IOException {
		Path macro = dir.resolve("batch.ijm"), out = dir.resolve("out");
		Files.write(macro, ("run('Diffusion NCut Batch', 'output_folder=[" + out + "] " + TINY.replace("'", "\\'") +
			"'); print('the macro went on');").getBytes(StandardCharsets.UTF_8));
		Run r = run("-batch", macro, "");
		assertEquals(1, r.code, r.output);
		assertTrue(r.output.contains("Diffusion NCut: no input folder and no open stack: choose an input folder, or " +
			"open a stack"), r.output);
		assertFalse(r.output.contains("the macro went on"), r.output);
	}

	/**
	 * A broken install (DJL's api jar missing, as when a dependency was not updated): the command's unforeseen
	 * NoClassDefFoundError still stops the macro with a message and exit code 1, so nothing is saved as labels.
	 */
	@Test
	void aMissingJarStopsTheMacroInsteadOfLettingItSaveTheInput(@TempDir Path dir) throws IOException {
		Path jars = imagej.resolve("plugins").resolve("jars"), aside = Files.createDirectories(dir.resolve("aside"));
		List<Path> djl;
		try (Stream<Path> s = Files.list(jars)) {
			djl = s.filter(p -> p.getFileName().toString().startsWith("api-")).collect(Collectors.toList());
		}
		assertEquals(1, djl.size(), "the install has DJL's api jar");
		Path image = dir.resolve("picture.tif"), labels = dir.resolve("picture-labels.tif");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		Path macro = dir.resolve("broken.ijm");
		Files.write(macro, ("open('" + image + "'); run('Diffusion NCut Segmentation', '" + TINY.replace("'", "\\'") +
			" rois=false'); saveAs('Tiff', '" + labels + "');").getBytes(StandardCharsets.UTF_8));
		for (Path p : djl) Files.move(p, aside.resolve(p.getFileName()));
		try {
			Run r = run("-batch", macro, "");
			assertEquals(1, r.code, r.output);
			assertTrue(r.output.contains("Diffusion NCut: a jar is missing or of another version"), r.output);
			assertFalse(Files.exists(labels), "nothing saved under the labels' name");
		}
		finally {
			for (Path p : djl) Files.move(aside.resolve(p.getFileName()), p);
		}
	}

	/**
	 * Re-cut from a macro: a threshold beyond the tree the run grew warns; a negative one stops the macro with a
	 * message, not a Java exception.
	 */
	@Test
	void recutChecksItsThresholdFromAMacro(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		Path macro = dir.resolve("recut.ijm");
		String segment = "open('" + image + "'); run('Diffusion NCut Segmentation', '" + TINY.replace("'", "\\'")
			.replace("recut_range=0", "recut_range=0.2") + " rois=false');\n";
		Files.write(macro, (segment + "run('Diffusion NCut Re-cut', 'threshold=1.5');\nprint('after: ' + getTitle());\n" +
			"run('Diffusion NCut Re-cut', 'threshold=-1');\nprint('the macro went on');\n").getBytes(StandardCharsets.UTF_8));
		Run r = run("-batch", macro, "");
		assertTrue(r.output.contains("Diffusion NCut warning: threshold 1.5 is beyond the re-cut range this tree was " +
			"grown to (0.2)"), r.output);
		assertTrue(r.output.contains("after: picture-labels"), r.output);
		assertTrue(r.output.contains("Diffusion NCut: threshold=-1: give an NCut threshold from 0 to 2"), r.output);
		assertFalse(r.output.contains("Exception"), r.output);
		assertFalse(r.output.contains("the macro went on"), r.output);
		assertEquals(1, r.code, r.output);
	}

	/**
	 * Every way a macro runs leaves the 16-bit label image current when the command returns, so that the macro's
	 * next line saves the labels, never the input under the labels' name.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "-batch", "-macro with setBatchMode(true)", "-macro with windows" })
	void everyModeLeavesTheLabelImageCurrent(String mode, @TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif"), labels = dir.resolve("saved.tif"), report = dir.resolve("report.txt");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		Path macro = dir.resolve("mode.ijm");
		boolean gui = mode.startsWith("-macro");
		Files.write(macro, ((mode.contains("setBatchMode") ? "setBatchMode(true);\n" : "") +
			"open('" + image + "');\n" +
			"run('Diffusion NCut Segmentation', '" + TINY.replace("'", "\\'") + " rois=false');\n" +
			"File.saveString(getTitle() + ',' + bitDepth() + ',' + nImages, '" + report + "');\n" +
			"saveAs('Tiff', '" + labels + "');\n" + (gui ? "close('*');\nrun('Quit');\n" : ""))
			.getBytes(StandardCharsets.UTF_8));
		Run r = run(gui ? "-macro" : "-batch", macro, "");
		assertEquals(0, r.code, r.output);
		assertEquals("picture-labels,16,2", new String(Files.readAllBytes(report), StandardCharsets.UTF_8), r.output);
		assertEquals(16, IJ.openImage(labels.toString()).getBitDepth());
	}

	/**
	 * With ImageJ's windows showing, omitted keys open no dialog (the test would time out), and mean their
	 * documented default, not the value of the previous call in the same session.
	 */
	@Test
	void omittedKeysTakeTheirDefaultsWithoutADialog(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif"), omitted = dir.resolve("omitted.tif"), explicit = dir.resolve(
			"explicit.tif");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		String base = "model=[" + Fixtures.tinySd14().resolve("model") + "] device=cpu resolution=128 " +
			"resolutions=16,8,4 recut_range=0 rois=false";
		Path macro = dir.resolve("defaults.ijm");
		Files.write(macro, ("open('" + image + "'); id = getImageID();\n" +
			"run('Diffusion NCut Segmentation', '" + base + " steps=3 stop=[fixed NCut threshold] threshold=1.5');\n" +
			"close(); selectImage(id);\n" +
			"run('Diffusion NCut Segmentation', '" + base + "');\n" +
			"saveAs('Tiff', '" + omitted + "'); close(); selectImage(id);\n" +
			"run('Diffusion NCut Segmentation', '" + base + " steps=1 stop=[MAN-C with NCut] graph=dot timestep=300');\n" +
			"saveAs('Tiff', '" + explicit + "');\nclose('*');\nrun('Quit');\n").getBytes(StandardCharsets.UTF_8));
		runImageJ("-macro", macro, "");
		assertArrayEquals((short[]) IJ.openImage(explicit.toString()).getProcessor().getPixels(), (short[]) IJ
			.openImage(omitted.toString()).getProcessor().getPixels());
	}

	/**
	 * A user answers the dialog with the Recorder on (ticked-off ROIs, two walk steps, the tiny model); the recorded
	 * line, replayed unattended in a fresh ImageJ, gives the same labels pixel for pixel.
	 */
	@Test
	void aRecordedLineReplaysUnattendedToTheSamePixels(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif"), interactive = dir.resolve("interactive.tif"), replayed = dir.resolve(
			"replayed.tif"), recorded = dir.resolve("recorded.txt");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		String answers = "model=" + Fixtures.tinySd14().resolve("model") + "|device=cpu|resolution=128|" +
			"resolutions=16,8,4|stop=MAN-C with scaled min-cut|steps=2|recut_range=0|rois=false";
		Path record = dir.resolve("record.ijm");
		Files.write(record, ("open('" + image + "');\n" +
			"line = call('org.diffncut.ij.RecordingDriver.record', '" + answers + "');\n" +
			"File.saveString(line, '" + recorded + "');\n" +
			"selectImage('picture-labels'); saveAs('Tiff', '" + interactive + "');\nclose('*');\nrun('Quit');\n")
			.getBytes(StandardCharsets.UTF_8));
		runImageJ("-macro", record, "");
		String line = new String(Files.readAllBytes(recorded), StandardCharsets.UTF_8).trim();
		assertTrue(line.startsWith("run(\"Diffusion NCut Segmentation\", \"") && line.contains(" steps=2 ") && line
			.contains("rois=false"), line);

		Path replay = dir.resolve("replay.ijm");
		Files.write(replay, ("open('" + image + "');\n" + line + "\nsaveAs('Tiff', '" + replayed + "');\n")
			.getBytes(StandardCharsets.UTF_8));
		runMacro(replay, "");
		assertArrayEquals((short[]) IJ.openImage(interactive.toString()).getProcessor().getPixels(), (short[]) IJ
			.openImage(replayed.toString()).getProcessor().getPixels());
	}

	/**
	 * The interactive path: ImageJ with its windows on the virtual display (no batch mode), so the segments go to
	 * the visible ROI Manager window.
	 */
	@Test
	void roiManagerWindowReceivesOneRoiPerSegment(@TempDir Path dir) throws IOException {
		Path image = dir.resolve("picture.tif"), labels = dir.resolve("labels.tif"), report = dir.resolve("report.txt");
		new FileSaver(TestImages.rgb()).saveAsTiff(image.toString());
		Path macro = dir.resolve("window.ijm");
		Files.write(macro, ("open('" + image + "');\n" +
			"run('Diffusion NCut Segmentation', '" + TINY.replace("'", "\\'") + " rois');\n" +
			"saveAs('Tiff', '" + labels + "');\n" +
			"File.saveString(roiManager('count') + ',' + isOpen('ROI Manager') + ',' + call('ij.plugin.frame.RoiManager.getName', 0), '" + report + "');\n" +
			"close('*');\nrun('Quit');\n").getBytes(StandardCharsets.UTF_8));
		runImageJ("-macro", macro, "");
		String[] r = new String(Files.readAllBytes(report), StandardCharsets.UTF_8).split(",");
		ImagePlus out = IJ.openImage(labels.toString());
		int segments = (int) ImageStatistics.getStatistics(out.getProcessor()).max + 1;
		assertEquals(segments, Integer.parseInt(r[0]), "one ROI per segment");
		assertEquals("1", r[1], "the ROI Manager window is open");
		assertEquals("segment-0", r[2]);
	}

	static Path script(String name) {
		return Paths.get("scripts", name).toAbsolutePath();
	}

	/** Runs {@code macro} in batch mode in a fresh ImageJ; returns what it printed (the Log window's lines). */
	static String runMacro(Path macro, String argument) throws IOException {
		return runImageJ("-batch", macro, argument);
	}

	/** Starts a fresh ImageJ with {@code mode} ("-batch" or "-macro") on {@code macro}; returns its console output. */
	static String runImageJ(String mode, Path macro, String argument) throws IOException {
		Run r = run(mode, macro, argument);
		assertEquals(0, r.code, () -> "ImageJ exit code: " + r.output);
		return r.output;
	}

	/** What a fresh ImageJ printed, and its exit code. */
	static final class Run {
		final int code;
		final String output;

		Run(int code, String output) {
			this.code = code;
			this.output = output;
		}
	}

	/**
	 * Starts a fresh ImageJ with {@code mode} ("-batch" or "-macro") on {@code macro}. (Plain ImageJ cannot start
	 * with {@code -Djava.awt.headless=true}: only Fiji's patched ImageJ runs headless.)
	 */
	static Run run(String mode, Path macro, String argument) throws IOException {
		Path ij = Files.list(Paths.get("target", "lib")).filter(p -> p.getFileName().toString().startsWith("ij-"))
			.findFirst().orElseThrow(() -> new AssertionError("target/lib lacks ij.jar: run mvn package"));
		List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx3g");
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Dplugins.dir=" + imagej);
		cmd.add("-Djava.util.prefs.userRoot=" + imagej.resolve("prefs"));
		cmd.add("-Duser.home=" + imagej);
		cmd.add("-cp");
		cmd.add(ij.toAbsolutePath().toString());
		cmd.add("ij.ImageJ");
		cmd.add(mode);
		cmd.add(macro.toString());
		cmd.add(argument);
		Path log = Files.createTempFile(imagej, "macro", ".log");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("DISPLAY", display);
		pb.environment().put("HF_HUB_OFFLINE", "1");
		// user.home is private to the test: keep PyTorch's 430 MB native extraction in the usual cache
		pb.environment().putIfAbsent("ENGINE_CACHE_DIR", Paths.get(System.getProperty("user.home"), ".djl.ai").toString());
		Process p = pb.start();
		try {
			// a dialog (an error, or options the command asks for) would wait forever
			if (!p.waitFor(3, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				fail("ImageJ did not finish (a dialog?): " + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
			}
		}
		catch (InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
		return new Run(p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
	}
}
