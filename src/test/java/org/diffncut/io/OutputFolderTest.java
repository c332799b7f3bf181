package org.diffncut.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output folder, and its settings record; references: lock files written by hand. */
class OutputFolderTest {
	@TempDir
	Path tmp;

	@Test
	void aSecondWriterIsRefusedUntilTheFirstEnds() throws IOException {
		try (OutputFolder first = OutputFolder.open(tmp)) {
			String lock = Files.readString(tmp.resolve(OutputFolder.LOCK));
			assertTrue(lock.startsWith("pid " + ProcessHandle.current().pid() + "\nhost "), lock);
			IOException e = assertThrows(IOException.class, () -> OutputFolder.open(tmp));
			assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
		}
		assertFalse(Files.exists(tmp.resolve(OutputFolder.LOCK)), "released");
		OutputFolder.open(tmp).close();
	}

	@Test
	void aLockOfARunningProcessIsRefusedWithItsPidAndHost() throws IOException {
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		String host = InetAddress.getLocalHost().getHostName();
		Files.write(tmp.resolve(OutputFolder.LOCK), ("pid " + parent + "\nhost " + host + "\n").getBytes(StandardCharsets.UTF_8));
		IOException e = assertThrows(IOException.class, () -> OutputFolder.open(tmp));
		assertTrue(e.getMessage().contains("pid " + parent + " on " + host) && e.getMessage().contains("delete " +
			tmp.resolve(OutputFolder.LOCK)), e.getMessage());
		Files.write(tmp.resolve(OutputFolder.LOCK), "pid 1\nhost elsewhere.example\n".getBytes(StandardCharsets.UTF_8));
		assertThrows(IOException.class, () -> OutputFolder.open(tmp), "another host's lock cannot be checked");
	}

	@Test
	void aLockOfADeadProcessIsTakenOver() throws IOException {
		String host = InetAddress.getLocalHost().getHostName();
		Files.write(tmp.resolve(OutputFolder.LOCK), ("pid 2147483646\nhost " + host + "\n").getBytes(StandardCharsets.UTF_8));
		try (OutputFolder f = OutputFolder.open(tmp)) {
			assertTrue(Files.readString(tmp.resolve(OutputFolder.LOCK)).startsWith("pid " + ProcessHandle.current().pid()));
		}
	}

	@Test
	void otherSettingsAreRefusedUnlessOverwriting() throws IOException {
		try (OutputFolder f = OutputFolder.open(tmp)) {
			f.settings("steps=1", false);
			f.settings("steps=1", false);
			IOException e = assertThrows(IOException.class, () -> f.settings("steps=2", false));
			assertTrue(e.getMessage().contains("other settings (see " + tmp.resolve(OutputFolder.SETTINGS)), e.getMessage());
			f.settings("steps=2", true);
		}
		assertEquals("steps=2\n", Files.readString(tmp.resolve(OutputFolder.SETTINGS)));
	}
}
