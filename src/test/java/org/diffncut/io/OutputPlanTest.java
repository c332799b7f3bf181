package org.diffncut.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs against inputs and each other; references: the same file reached through links and relative paths. */
class OutputPlanTest {
	@TempDir
	Path tmp;

	@Test
	void anOutputNamingAnInputIsRefusedWithBothNames() throws Exception {
		Path image = Files.write(tmp.resolve("x.png"), new byte[] { 1 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutputPlan()
			.input("--image", image).output("--out", tmp.resolve("sub/../x.png")));
		assertTrue(e.getMessage().contains("--out " + tmp.resolve("sub/../x.png")) && e.getMessage().contains(
			"--image " + image), e.getMessage());
	}

	@Test
	void linksAreFollowedForExistingAndNewFiles() throws Exception {
		Path image = Files.write(tmp.resolve("x.png"), new byte[] { 1 });
		Path link = Files.createSymbolicLink(tmp.resolve("link.png"), image);
		assertThrows(IllegalArgumentException.class, () -> new OutputPlan().input("--image", image).output("--out", link));
		Path dir = Files.createDirectories(tmp.resolve("real"));
		Path linkedDir = Files.createSymbolicLink(tmp.resolve("alias"), dir);
		assertThrows(IllegalArgumentException.class, () -> new OutputPlan().output("--out", dir.resolve("new.png"))
			.output("--tree", linkedDir.resolve("new.png")), "a file not written yet, reached through a linked folder");
		Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.png"), tmp.resolve("target.png"));
		assertThrows(IllegalArgumentException.class, () -> new OutputPlan().output("--out", tmp.resolve("target.png"))
			.output("--tree", dangling));
	}

	@Test
	void twoOutputsOfOneRunMustDiffer() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutputPlan()
			.output("--out", tmp.resolve("a.png")).output("--tree", tmp.resolve("a.png")));
		assertTrue(e.getMessage().contains("same file"), e.getMessage());
		assertDoesNotThrow(() -> new OutputPlan().output("--out", tmp.resolve("a.png")).output("--tree", tmp.resolve("a.json")));
	}

	@Test
	void aFolderUnderAFileIsRefused() throws Exception {
		Path file = Files.write(tmp.resolve("file"), new byte[] { 1 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutputPlan()
			.output("--tree", file.resolve("tree.json")));
		assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new OutputPlan().output("--out", tmp));
	}
}
