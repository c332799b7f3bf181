package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 1 and 4: outputs never overwrite inputs or each other, and a run's outputs appear together or
 * not at all. References: the bytes of the files before the run.
 */
class OutputSafetyTest {
	@TempDir
	Path tmp;

	@Test
	void cutRefusesToWriteOverItsAttentionFile() throws IOException {
		Path p = CliRun.goldenP(tmp);
		byte[] before = Files.readAllBytes(p);
		for (String option : new String[] { "--out", "--tree" }) {
			String[] args = option.equals("--out") ? new String[] { "cut", "--attention", p.toString(), "--out", p.toString() }
				: new String[] { "cut", "--attention", p.toString(), "--out", tmp.resolve("l.png").toString(), "--tree", p.toString() };
			CliRun r = CliRun.of(args);
			assertEquals(1, r.code, r.toString());
			assertTrue(r.errors().contains(option + " " + p) && r.errors().contains("--attention " + p), r.err);
			assertArrayEquals(before, Files.readAllBytes(p), option);
		}
		assertFalse(Files.exists(tmp.resolve("l.png")), "refused before anything is written");
	}

	@Test
	void cutRefusesATreeOverItsLabels() throws IOException {
		Path p = CliRun.goldenP(tmp), labels = tmp.resolve("labels.png");
		CliRun r = CliRun.of("cut", "--attention", p.toString(), "--out", labels.toString(), "--tree", labels.toString());
		assertEquals(1, r.code, r.toString());
		assertTrue(r.errors().contains("same file"), r.err);
		assertFalse(Files.exists(labels));
	}

	@Test
	void recutRefusesToWriteOverItsTreeOrAttention() throws IOException {
		Path p = CliRun.goldenP(tmp), tree = tmp.resolve("tree.json");
		assertEquals(0, CliRun.of("cut", "--attention", p.toString(), "--out", tmp.resolve("a.png").toString(), "--tree",
			tree.toString()).code);
		byte[] treeBytes = Files.readAllBytes(tree), pBytes = Files.readAllBytes(p);
		Path link = Files.createSymbolicLink(tmp.resolve("link.png"), tree);
		for (Path out : new Path[] { tree, link, p }) {
			CliRun r = CliRun.of("recut", "--tree", tree.toString(), "--stop", "ncut:0.5", "--out", out.toString());
			assertEquals(1, r.code, r.toString());
			assertTrue(r.errors().contains("is the input"), r.err);
		}
		assertArrayEquals(treeBytes, Files.readAllBytes(tree));
		assertArrayEquals(pBytes, Files.readAllBytes(p));
	}

	@Test
	void segmentRefusesToWriteOverItsImageBeforeLoadingTheModel() throws IOException {
		Path image = Files.write(tmp.resolve("x.png"), new byte[] { 1, 2, 3 });
		for (String[] outputs : List.of(new String[] { "--out", image.toString() }, new String[] { "--out",
			tmp.resolve("l.png").toString(), "--tree", image.toString() }, new String[] { "--out",
				tmp.resolve("t.attention.safetensors").toString(), "--tree", tmp.resolve("t.json").toString() }))
		{
			String[] args = Stream.concat(Stream.of("segment", "--model", tmp.resolve("no-model").toString(), "--image",
				image.toString()), Arrays.stream(outputs)).toArray(String[]::new);
			CliRun r = CliRun.of(args);
			assertEquals(1, r.code, r.toString());
			assertTrue(r.errors().contains("is the input") || r.errors().contains("same file"), r.err);
		}
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(image));
	}

	@Test
	void aVolumeIsNeverWrittenOverItsChannels() throws IOException {
		Path t1 = Files.write(tmp.resolve("t1.nii.gz"), new byte[] { 1 }), t2 = Files.write(tmp.resolve("t2.nii.gz"),
			new byte[] { 2 });
		CliRun r = CliRun.of("segment", "--model", tmp.resolve("no-model").toString(), "--channels", t1 + "," + t2,
			"--out", t2.toString());
		assertEquals(1, r.code, r.toString());
		assertTrue(r.errors().contains("--out " + t2 + " is the input --channels " + t2), r.err);
		assertArrayEquals(new byte[] { 2 }, Files.readAllBytes(t2));
	}

	@Test
	void attentionRefusesToWriteOverItsImage() throws IOException {
		Path image = Files.write(tmp.resolve("x.png"), new byte[] { 1, 2, 3 });
		CliRun r = CliRun.of("attention", "--model", tmp.resolve("no-model").toString(), "--image", image.toString(),
			"--out", image.toString());
		assertEquals(1, r.code, r.toString());
		assertTrue(r.errors().contains("is the input"), r.err);
	}

	/** Item 4: a tree that cannot be written leaves the older label image as it was, and no temporary. */
	@Test
	void aTreeThatCannotBeWrittenLeavesTheOlderLabelsUntouched() throws IOException {
		Path p = CliRun.goldenP(tmp), labels = Files.write(tmp.resolve("labels.png"), new byte[] { 7 });
		Path notAFolder = Files.write(tmp.resolve("file"), new byte[] { 1 });
		CliRun r = CliRun.of("cut", "--attention", p.toString(), "--out", labels.toString(), "--tree",
			notAFolder.resolve("tree.json").toString());
		assertEquals(1, r.code, r.toString());
		assertTrue(r.errors().contains("--tree " + notAFolder.resolve("tree.json")), r.err);
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(labels));
		assertEquals(List.of("P.safetensors", "file", "labels.png"), files(tmp));
	}

	static List<String> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
