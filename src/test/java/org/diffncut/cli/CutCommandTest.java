package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.diffncut.io.LabelPng;
import org.diffncut.safetensors.SafeTensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the command line, on P = aggregated/diffseg_all of the diffusers golden (16×16 grid). */
class CutCommandTest {
	@TempDir
	Path tmp;

	/**
	 * The tiny model has random weights, so its attention has no structure: the root's best NCut is 0.99, above
	 * the MAN-C bound nT/(2m) = 0.52, and the image stays one segment. Below NCut 1 every split is taken down to
	 * single cells, and at the grid size each cell is closest to itself.
	 */
	@Test
	void cutsTheGoldenAttentionAtGridAndImageSize() throws IOException {
		Path p = CliRun.goldenP(tmp);
		for (int side : new int[] { 16, 128 }) {
			Path out = tmp.resolve("labels" + side + ".png");
			CliRun run = CliRun.of("cut", "--attention", p.toString(), "--size", side + "x" + side, "--out", out.toString());
			assertEquals(0, run.code, run.toString());
			assertEquals("1 segments", run.out.trim());
			LabelPng.Labels labels = LabelPng.read(out);
			assertEquals(side, labels.width);
			assertEquals(side, labels.height);
			assertTrue(Arrays.stream(labels.values).allMatch(v -> v == 0));
			assertTrue(run.errors().contains("time: graph"), run.err);
		}
		Path out = tmp.resolve("cells.png");
		CliRun run = CliRun.of("cut", "--attention", p.toString(), "--stop", "ncut:1", "--size", "16x16", "--out", out.toString());
		assertEquals("256 segments", run.out.trim(), run.err);
		assertEquals(256, Arrays.stream(LabelPng.read(out).values).distinct().count());
		run = CliRun.of("cut", "--attention", p.toString(), "--stop", "ncut:1", "--size", "128x128", "--out", out.toString());
		assertEquals(0, run.code, run.toString());
		LabelPng.Labels big = LabelPng.read(out);
		assertEquals(128, big.width);
		int k = Integer.parseInt(run.out.trim().split(" ")[0]);
		int[] counts = new int[k];
		for (int v : big.values) counts[v]++;
		for (int s = 1; s < k; s++) assertTrue(counts[s - 1] >= counts[s] && counts[s] > 0, "labels 0..K-1 numbered by size");
	}

	/** A tree saved by cut, re-cut at τ, equals a fresh cut at τ. */
	@Test
	void recutFromTheSavedTreeEqualsAFreshCut() throws IOException {
		Path p = CliRun.goldenP(tmp), tree = tmp.resolve("tree.json");
		CliRun grown = CliRun.of("cut", "--attention", p.toString(), "--grow", "ncut:1", "--out",
			tmp.resolve("a.png").toString(), "--tree", tree.toString());
		assertEquals(0, grown.code, grown.toString());
		for (String tau : new String[] { "ncut:0.5", "ncut:0.9", "ncut:0.995", "ncut:1" }) {
			Path fresh = tmp.resolve("fresh.png"), recut = tmp.resolve("recut.png");
			assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--stop", tau, "--out", fresh.toString()).code);
			CliRun r = CliRun.of("recut", "--tree", tree.toString(), "--stop", tau, "--out", recut.toString());
			assertEquals(0, r.code, r.toString());
			assertFalse(r.errors().contains("warning"), r.err);
			assertArrayEquals(LabelPng.read(fresh).values, LabelPng.read(recut).values, tau);
		}
		Path shallow = tmp.resolve("shallow.json"); // grown with MAN-C only: one segment
		assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--out", tmp.resolve("s.png").toString(), "--tree",
			shallow.toString()).code);
		CliRun deeper = CliRun.of("recut", "--tree", shallow.toString(), "--stop", "ncut:1.0", "--out", tmp.resolve("d.png").toString());
		assertEquals(0, deeper.code);
		assertTrue(deeper.errors().contains("--grow ncut:1.0"), "a rule past the grown tree is reported: " + deeper.err);
	}

	/** --check-dense cuts A = P Pᵀ formed as well and reports both; the labels are the factored cut's. */
	@Test
	void checkDenseRunsBothPathsAndFindsTheSamePartition() throws IOException {
		Path p = CliRun.goldenP(tmp), plain = tmp.resolve("plain.png"), checked = tmp.resolve("checked.png");
		for (String graph : new String[] { "dot", "cosine" }) {
			assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--graph", graph, "--stop", "ncut:0.995",
				"--out", plain.toString()).code);
			CliRun run = CliRun.of("cut", "--attention", p.toString(), "--graph", graph, "--stop", "ncut:0.995",
				"--check-dense", "--out", checked.toString());
			assertEquals(0, run.code, run.toString());
			assertTrue(run.errors().matches("(?s).*dense check: A formed in [0-9.]+ s, cut in [0-9.]+ s \\(factored " +
				"ncut [0-9.]+ s\\): same partition \\([0-9]+ segments\\), largest relative NCut difference .*"), run.err);
			assertArrayEquals(LabelPng.read(plain).values, LabelPng.read(checked).values, graph);
		}
		CliRun walk = CliRun.of("cut", "--attention", p.toString(), "--graph", "walk", "--check-dense", "--out",
			checked.toString());
		assertEquals(2, walk.code, walk.toString());
		assertTrue(walk.errors().contains("the walk graph is only cut densely"), walk.err);
	}

	/**
	 * The factored path (k = 1) needs no PyTorch: cut and recut run in a JVM whose class path lacks the native
	 * library, offline and with an empty DJL cache, as on a Fiji install without the natives; by the JVM's class-load
	 * log no DJL engine class is ever loaded (only {@code ai.djl.Device}, a value), while the plain-Java products
	 * are. Default and {@code --device cpu} alike; the labels equal those of the in-process run.
	 */
	@Test
	void cutAndRecutNeverLoadThePyTorchEngine() throws Exception {
		Path p = CliRun.goldenP(tmp), tree = tmp.resolve("tree.json");
		Path inProcess = tmp.resolve("in-process.png");
		assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--stop", "ncut:0.995", "--out", inProcess
			.toString()).code);
		for (String[] device : new String[][] { {}, { "--device", "cpu" } }) {
			Path labels = tmp.resolve("labels.png"), recut = tmp.resolve("recut.png");
			List<String> loaded = childJvm("cut", concat(device, "--attention", p.toString(), "--stop", "ncut:0.995",
				"--grow", "ncut:1", "--out", labels.toString(), "--tree", tree.toString()));
			assertTrue(loaded.contains("org.diffncut.ncut.JavaFactorProducts"), "the factored path ran");
			assertArrayEquals(LabelPng.read(inProcess).values, LabelPng.read(labels).values);
			loaded.addAll(childJvm("recut", concat(device, "--tree", tree.toString(), "--stop", "ncut:0.9", "--out",
				recut.toString())));
			List<String> djl = loaded.stream().filter(c -> c.startsWith("ai.djl.") && !c.startsWith("ai.djl.Device"))
				.collect(Collectors.toList());
			assertTrue(djl.isEmpty(), "DJL classes loaded: " + djl);
		}
	}

	/** Runs the CLI in a JVM without the PyTorch native jar, offline; returns the classes it loaded. */
	private List<String> childJvm(String command, String... args) throws Exception {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(c -> !Paths.get(c).getFileName().toString().startsWith("pytorch-native"))
			.collect(Collectors.joining(File.pathSeparator));
		Path log = tmp.resolve(command + ".log"), classes = tmp.resolve(command + ".classes");
		List<String> cmd = new ArrayList<>(Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Dai.djl.offline=true", "-Xlog:class+load=info:file=" + classes, "-cp", classPath,
			DiffNCut.class.getName(), command));
		cmd.addAll(Arrays.asList(args));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().put("DJL_CACHE_DIR", Files.createDirectories(tmp.resolve("empty-djl-cache")).toString());
		pb.environment().put("ENGINE_CACHE_DIR", tmp.resolve("empty-djl-cache").toString());
		Process process = pb.start();
		assertTrue(process.waitFor(2, TimeUnit.MINUTES), command + " did not finish");
		assertEquals(0, process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
		return Files.readAllLines(classes).stream().map(line -> line.split(" ")).filter(w -> w.length > 1)
			.map(w -> w[1]).collect(Collectors.toCollection(ArrayList::new));
	}

	private static String[] concat(String[] head, String... tail) {
		String[] all = Arrays.copyOf(head, head.length + tail.length);
		System.arraycopy(tail, 0, all, head.length, tail.length);
		return all;
	}

	@Test
	void recutNeedsTheAttentionFile() throws IOException {
		Path p = CliRun.goldenP(tmp), tree = tmp.resolve("tree.json");
		assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--out", tmp.resolve("a.png").toString(),
			"--tree", tree.toString()).code);
		Files.delete(p);
		CliRun r = CliRun.of("recut", "--tree", tree.toString(), "--stop", "ncut:0.3", "--out", tmp.resolve("b.png").toString());
		assertEquals(1, r.code);
		assertTrue(r.errors().contains("pass it with --attention"), r.err);
	}

	/**
	 * A uniform walk (every row the same) has nothing to cut: one segment, at 256 cells (the iterative solver's size)
	 * and for one and two steps. It used to fail with "tridiagonal eigen-decomposition failed, k = 8".
	 */
	@Test
	void aUniformWalkIsOneSegment() throws IOException {
		Path p = write(uniform(256), 256), out = tmp.resolve("uniform.png");
		for (String steps : new String[] { "1", "2" }) {
			CliRun run = CliRun.of("cut", "--attention", p.toString(), "--steps", steps, "--out", out.toString());
			assertEquals(0, run.code, run.toString());
			assertEquals("1 segments", run.out.trim(), steps + " steps");
		}
	}

	@Test
	void rejectsANonSquareMatrix() throws IOException {
		Path file = tmp.resolve("bad.safetensors");
		new SafeTensorsWriter().add("P", new float[32], 4, 8).write(file);
		assertFails(file, "tensor 'P' has shape [4, 8]");
	}

	@Test
	void rejectsNaN() throws IOException {
		float[] p = uniform(16);
		p[5 * 16 + 3] = Float.NaN;
		assertFails(write(p, 16), "row 5 holds NaN");
	}

	@Test
	void rejectsARowThatIsNotStochastic() throws IOException {
		float[] p = uniform(16);
		p[7 * 16] += 0.5f;
		assertFails(write(p, 16), "row 7 sums to 1.5");
	}

	@Test
	void rejectsAMissingTensor() throws IOException {
		Path file = tmp.resolve("other.safetensors");
		new SafeTensorsWriter().add("attention", uniform(16), 16, 16).write(file);
		assertFails(file, "no tensor 'P'");
	}

	@Test
	void rejectsATruncatedFile() throws IOException {
		Path file = write(uniform(16), 16);
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
		assertFails(file, "truncated");
	}

	@Test
	void badOptionsAreUsageErrors() throws IOException {
		CliRun r = CliRun.of("cut", "--attention", write(uniform(16), 16).toString(), "--stop", "median", "--out",
			tmp.resolve("x.png").toString());
		assertEquals(2, r.code);
		assertTrue(r.errors().contains("unknown stopping rule 'median'"), r.err);
		assertEquals(1, r.errors().split("\n").length, "one line: " + r.err);
	}

	@Test
	void helpDocumentsEveryOptionWithItsDefault() {
		CliRun r = CliRun.of("cut", "--help");
		assertEquals(0, r.code);
		for (String option : new String[] { "--attention", "--grid", "--graph", "--steps", "--stop", "--grow",
			"--min-size", "--max-depth", "--sweep", "--thresholds", "--size", "--out", "--tree", "--check-dense" })
			assertTrue(r.out.contains(option), option + " missing from help");
		assertTrue(r.out.contains("Default: manc-ncut") && r.out.contains("Default: dot"), r.out);
	}

	private void assertFails(Path attention, String message) {
		Path out = tmp.resolve("never.png");
		CliRun r = CliRun.of("cut", "--attention", attention.toString(), "--out", out.toString());
		assertEquals(1, r.code, r.toString());
		String errors = r.errors();
		assertTrue(errors.startsWith("diffncut: ") && errors.contains(message), errors);
		assertEquals(1, errors.split("\n").length, "one line: " + errors);
		assertFalse(Files.exists(out), "nothing written on failure");
	}

	private Path write(float[] p, int n) throws IOException {
		Path file = Files.createTempFile(tmp, "p", ".safetensors");
		new SafeTensorsWriter().add("P", p, n, n).write(file);
		return file;
	}

	private static float[] uniform(int n) {
		float[] p = new float[n * n];
		Arrays.fill(p, 1f / n);
		return p;
	}
}
