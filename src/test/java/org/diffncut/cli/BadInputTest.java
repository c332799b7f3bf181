package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.diffncut.safetensors.SafeTensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: bad input is one line naming the user's file or option and what to do, before any expensive work. */
class BadInputTest {
	@TempDir
	Path tmp;

	/** A uniform P on a 4x4 grid, with {@code metadata} pairs. */
	private Path uniform(String... metadata) throws IOException {
		float[] p = new float[16 * 16];
		Arrays.fill(p, 1f / 16);
		SafeTensorsWriter w = new SafeTensorsWriter().add("P", p, 16, 16);
		for (int i = 0; i < metadata.length; i += 2) w.metadata(metadata[i], metadata[i + 1]);
		Path file = tmp.resolve("P.safetensors");
		w.write(file);
		return file;
	}

	private static void assertOneLine(CliRun r, int code, String message) {
		assertEquals(code, r.code, r.toString());
		String errors = r.errors();
		assertTrue(errors.startsWith("diffncut: ") && errors.contains(message), errors);
		assertEquals(1, errors.split("\n").length, "one line: " + errors);
	}

	/** Item 6. */
	@Test
	void stepsBeyondTheBoundAreRefused() throws IOException {
		Path out = tmp.resolve("l.png");
		assertOneLine(CliRun.of("cut", "--attention", uniform().toString(), "--steps", "1000000", "--out",
			out.toString()), 1, "walk steps must be 1..100, not 1000000");
		assertFalse(Files.exists(out));
	}

	/** Item 9: sizes are checked in long arithmetic and against memory, before allocating. */
	@Test
	void hugeLabelSizesAreRefusedBeforeAllocating() throws IOException {
		Path out = tmp.resolve("l.png");
		assertOneLine(CliRun.of("cut", "--attention", uniform().toString(), "--size", "50000x50000", "--out",
			out.toString()), 2, "50000x50000 is 2500000000 pixels");
		assertOneLine(CliRun.of("cut", "--attention", uniform("image_size", "100000x100000").toString(), "--out",
			out.toString()), 1, "100000x100000 is 10000000000 pixels");
		assertFalse(Files.exists(out));
	}

	/** Item 11: errors (out of memory, stack overflow) are one line, not a stack trace. */
	@Test
	void errorsAreOneLine() {
		for (Error error : new Error[] { new OutOfMemoryError("Java heap space"), new StackOverflowError() }) {
			StringWriter out = new StringWriter(), err = new StringWriter();
			int code = DiffNCut.execute(new picocli.CommandLine(new Throwing(error)), new PrintWriter(out, true),
				new PrintWriter(err, true));
			assertEquals(1, code);
			assertEquals(1, err.toString().trim().split("\n").length, err.toString());
			assertTrue(err.toString().startsWith("<main class>: ") || err.toString().contains(": "), err.toString());
			assertFalse(err.toString().contains("\tat "), err.toString());
		}
	}

	@picocli.CommandLine.Command
	static final class Throwing implements Callable<Integer> {
		private final Throwable error;

		Throwing(Throwable error) {
			this.error = error;
		}

		@Override
		public Integer call() throws Exception {
			if (error instanceof Error) throw (Error) error;
			throw (Exception) error;
		}
	}

	/** Item 14: a defect of this tool is reported as one, never with Java's own text. */
	@Test
	void internalErrorsShowNoJavaText() {
		for (RuntimeException e : new RuntimeException[] { new NullPointerException("Cannot invoke \"String.length()\" " +
			"because \"s\" is null"), new ArrayIndexOutOfBoundsException("Index 300 out of bounds for length 256") })
		{
			StringWriter err = new StringWriter();
			assertEquals(1, DiffNCut.execute(new picocli.CommandLine(new Throwing(e)), new PrintWriter(
				new StringWriter(), true), new PrintWriter(err, true)));
			assertFalse(err.toString().contains("Cannot invoke") || err.toString().contains("Index 300"), err.toString());
			assertTrue(err.toString().contains("internal error (" + e.getClass().getSimpleName() + ")"), err.toString());
		}
	}

	/** Item 11: metadata nested 100,000 levels deep in an attention file. */
	@Test
	void deeplyNestedAttentionMetadataIsOneLine() throws IOException {
		StringBuilder deep = new StringBuilder();
		for (int i = 0; i < 100_000; i++) deep.append('[');
		for (int i = 0; i < 100_000; i++) deep.append(']');
		String header = "{\"__metadata__\":{\"grid\":" + deep + "},\"P\":{\"dtype\":\"F32\",\"shape\":[16,16]," +
			"\"data_offsets\":[0,1024]}}";
		while (header.length() % 8 != 0) header += " ";
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length() + 1024).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < 256; i++) b.putFloat(1f / 16);
		Path file = Files.write(tmp.resolve("deep.safetensors"), b.array());
		assertOneLine(CliRun.of("cut", "--attention", file.toString(), "--out", tmp.resolve("l.png").toString()), 1,
			file + ": ");
	}

	/** Item 11. */
	@Test
	void anAbsurdClassCountIsAUsageError() {
		assertOneLine(CliRun.of("evaluate", "--pred", tmp.toString(), "--gt", tmp.toString(), "--classes",
			"2147483647"), 2, "--classes must be 1..");
	}

	/** Item 15: labels are PNG; a grid or window contradicting the file is refused. */
	@Test
	void mismatchedFormatsAndShapesAreRefused() throws IOException {
		Path p = uniform("grid", "4x4");
		for (String name : new String[] { "x.tif", "x.jpg" })
			assertOneLine(CliRun.of("cut", "--attention", p.toString(), "--out", tmp.resolve(name).toString()), 2,
				"--out " + tmp.resolve(name) + ": labels are written as PNG");
		assertOneLine(CliRun.of("cut", "--attention", p.toString(), "--grid", "2x8", "--out", tmp.resolve("l.png")
			.toString()), 1, "--grid 2x8 contradicts the grid 4x4 recorded in " + p);
		Path inf = uniform("image_size", "32x32", "window", "0,0,Infinity,32");
		assertOneLine(CliRun.of("cut", "--attention", inf.toString(), "--out", tmp.resolve("l.png").toString()), 1,
			"window '0,0,Infinity,32'");
		assertFalse(Files.exists(tmp.resolve("l.png")));
	}

	/** Item 16: ground truth whose every pixel is ignored is an error, not NaN scores. */
	@Test
	void groundTruthWithoutAValidPixelIsAnError() throws IOException {
		Path pred = Files.createDirectories(tmp.resolve("pred")), gt = Files.createDirectories(tmp.resolve("gt"));
		org.diffncut.io.LabelPng.write(pred.resolve("a.png"), new short[4], 2, 2);
		org.diffncut.io.LabelPng.write(gt.resolve("a.png"), new short[] { 255, 255, 255, 255 }, 2, 2);
		assertOneLine(CliRun.of("evaluate", "--pred", pred.toString(), "--gt", gt.toString(), "--classes", "2"), 1,
			"every ground-truth pixel");
	}

	/** Item 16: an image without a finite pixel is warned about, as in the plug-in. */
	@Test
	void anAllNaNImageIsWarnedAbout() throws IOException {
		float[] nan = new float[16 * 16];
		Arrays.fill(nan, Float.NaN);
		Path tif = tmp.resolve("nan.tif");
		new ij.io.FileSaver(new ij.ImagePlus("nan", new ij.process.FloatProcessor(16, 16, nan))).saveAsTiff(tif.toString());
		CliRun r = CliRun.of("segment", "--model", tmp.resolve("no-model").toString(), "--image", tif.toString(), "--out",
			tmp.resolve("l.png").toString());
		assertTrue(r.errors().contains("diffncut: warning: " + tif + ": 256 NaN or infinite pixels"), r.err);
	}
}
