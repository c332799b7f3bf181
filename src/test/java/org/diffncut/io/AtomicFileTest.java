package org.diffncut.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 items 4 and 12; references: the folder's listing and the files' bytes before and after. */
class AtomicFileTest {
	@TempDir
	Path tmp;

	@Test
	void aGroupThatFailsLeavesEveryOlderFileAndNoTemporary() throws IOException {
		Path labels = Files.write(tmp.resolve("labels.png"), new byte[] { 1 });
		IOException e = assertThrows(IOException.class, () -> {
			try (AtomicFile.Group g = new AtomicFile.Group()) {
				g.add(labels, out -> out.write(2));
				g.add(tmp.resolve("tree.json"), out -> {
					out.write(3);
					throw new IOException("No space left on device");
				});
				g.commit();
			}
		});
		assertEquals("cannot write " + tmp.resolve("tree.json") + " (No space left on device): check the folder's " +
			"free space and permissions", e.getMessage());
		assertArrayEquals(new byte[] { 1 }, Files.readAllBytes(labels));
		assertEquals(List.of("labels.png"), files(tmp));
	}

	@Test
	void aCommittedGroupReplacesEveryFile() throws IOException {
		Path labels = Files.write(tmp.resolve("labels.png"), new byte[] { 1 }), tree = tmp.resolve("tree.json");
		try (AtomicFile.Group g = new AtomicFile.Group()) {
			g.add(labels, out -> out.write(2)).add(tree, out -> out.write(3)).commit();
		}
		assertArrayEquals(new byte[] { 2 }, Files.readAllBytes(labels));
		assertArrayEquals(new byte[] { 3 }, Files.readAllBytes(tree));
		assertEquals(List.of("labels.png", "tree.json"), files(tmp));
	}

	@Test
	void theTemporaryIsNamedByThePidAndTheMessageNamesTheTarget() throws IOException {
		Path target = tmp.resolve("x.png");
		long pid = ProcessHandle.current().pid();
		IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
			assertEquals(List.of("." + "x.png." + pid + ".part"), files(tmp));
			throw new AccessDeniedException(tmp.resolve(".x.png." + pid + ".part").toString());
		}));
		assertEquals("cannot write " + target + " (permission denied): check the folder's free space and permissions",
			e.getMessage());
		assertFalse(e.getMessage().contains(".part"));
		assertEquals(List.of(), files(tmp));
	}

	/** A dead pid, a random name of old versions, and an old backup whose target is missing; a live writer's stays. */
	@Test
	void staleTemporariesAreSweptFromAFolderThisRunWrites() throws IOException {
		Instant past = Instant.now().minusSeconds(7 * 24 * 3600);
		Path dead = Files.write(tmp.resolve(".a.png.2147483646.part"), new byte[1]);
		Path legacy = Files.write(tmp.resolve(".b.png.1f3a9c0d77e2b4aa.part"), new byte[1]);
		Path backup = Files.write(tmp.resolve(".c.png.2147483646.old.part"), new byte[] { 9 });
		Files.setLastModifiedTime(legacy, FileTime.from(past));
		long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		Path other = Files.write(tmp.resolve(".d.png." + live + ".part"), new byte[1]);
		Path unrelated = Files.write(tmp.resolve(".notes.part"), new byte[1]);
		AtomicFile.write(tmp.resolve("new.png"), out -> out.write(1));
		assertFalse(Files.exists(dead));
		assertFalse(Files.exists(legacy));
		assertArrayEquals(new byte[] { 9 }, Files.readAllBytes(tmp.resolve("c.png")), "an unfinished commit's backup is put back");
		assertTrue(Files.exists(other), "the temporary of a running process is kept");
		assertTrue(Files.exists(unrelated));
	}

	/** SIGTERM runs the shutdown hooks: a process stopped during a write leaves no temporary. */
	@Test
	void aStoppedProcessLeavesNoTemporary() throws Exception {
		Path target = tmp.resolve("x.png");
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString()).redirectErrorStream(true)
				.start();
		String line = new String(p.getInputStream().readNBytes("writing\n".length()));
		assertEquals("writing\n", line);
		assertEquals(1, files(tmp).size(), "the temporary exists while writing");
		p.destroy();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(List.of(), files(tmp));
	}

	/** Starts a write that never ends. */
	public static final class SlowWriter {
		public static void main(String[] args) throws Exception {
			AtomicFile.write(Path.of(args[0]), out -> {
				out.write(1);
				System.out.println("writing");
				System.out.flush();
				try {
					Thread.currentThread().join();
				}
				catch (InterruptedException e) {
					throw new IOException(e);
				}
			});
		}
	}

	static List<String> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
