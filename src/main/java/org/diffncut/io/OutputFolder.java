package org.diffncut.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output folder of a run that writes many files (a batch, a benchmark, BraTS cases), held by one writer at a
 * time: a lock file with the holder's pid and host, removed when the run ends (also on SIGTERM). A lock whose
 * process is gone (same host, no process with its pid, or one started after the lock was taken) is stale and
 * taken over; any other is refused with a message naming the holder. {@link #settings} records what the outputs
 * were made with, so that a resumed run never mixes outputs of two configurations.
 */
public final class OutputFolder implements Closeable {
	public static final String LOCK = ".diffncut.lock", SETTINGS = "settings.txt";

	private static final long PID = ProcessHandle.current().pid();
	private static final String HOST = host();
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (Path p : HELD) try {
				Files.deleteIfExists(p);
			}
			catch (IOException e) {
				// the JVM is going down: the next run finds the lock stale
			}
		}, "diffncut folder locks"));
	}

	private final Path dir, lock;

	private OutputFolder(Path dir, Path lock) {
		this.dir = dir;
		this.lock = lock;
	}

	/** Creates {@code dir} if needed and locks it with {@value #LOCK}. */
	public static OutputFolder open(Path dir) throws IOException {
		return open(dir, LOCK);
	}

	/**
	 * Creates {@code dir} if needed and locks it with the lock file {@code lockName} (writers of disjoint parts,
	 * such as shards, use one name each).
	 *
	 * @throws IOException if another running process holds the lock, naming it and what to do
	 */
	public static OutputFolder open(Path dir, String lockName) throws IOException {
		Files.createDirectories(dir);
		Path lock = dir.toAbsolutePath().normalize().resolve(lockName);
		String mine = "pid " + PID + "\nhost " + HOST + "\nsince " + Instant.now() + "\n";
		for (int attempt = 0; ; attempt++) {
			if (!HELD.add(lock)) throw inUse(dir, lock, "pid " + PID + " (this program)");
			try {
				Files.write(lock, mine.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
				return new OutputFolder(dir, lock);
			}
			catch (FileAlreadyExistsException e) {
				HELD.remove(lock);
				String holder = holder(lock);
				if (attempt > 0 || holder != null) throw inUse(dir, lock, holder == null ? "another process" : holder);
				Files.deleteIfExists(lock); // stale: its process is gone
			}
			catch (IOException e) {
				HELD.remove(lock);
				throw AtomicFile.cannotWrite(lock, e);
			}
		}
	}

	/** The live holder of {@code lock} ("pid 12 on host h since …"), or null if the lock is stale or gone. */
	private static String holder(Path lock) throws IOException {
		List<String> lines;
		Instant taken;
		try {
			lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
			taken = Files.getLastModifiedTime(lock).toInstant();
		}
		catch (NoSuchFileException e) {
			return null;
		}
		String pid = field(lines, "pid"), host = field(lines, "host"), since = field(lines, "since");
		String who = "pid " + pid + " on " + host + (since.isEmpty() ? "" : " since " + since);
		if (!HOST.equals(host)) return who; // cannot see another host's processes
		long id;
		try {
			id = Long.parseLong(pid);
		}
		catch (NumberFormatException e) {
			return who;
		}
		if (id == PID) return null; // not held in this process (see HELD): an earlier process with this pid
		Optional<ProcessHandle> p = ProcessHandle.of(id);
		if (p.isEmpty()) return null;
		Optional<Instant> started = p.get().info().startInstant();
		return started.isPresent() && started.get().isAfter(taken) ? null : who;
	}

	private static String field(List<String> lines, String name) {
		for (String l : lines)
			if (l.startsWith(name + " ")) return l.substring(name.length() + 1).trim();
		return "";
	}

	private static IOException inUse(Path dir, Path lock, String holder) {
		return new IOException(dir + " is in use by another run (" + holder + "): wait for it to end or choose " +
			"another output folder; if no run uses it, delete " + lock);
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException e) {
			String env = System.getenv("HOSTNAME");
			return env == null || env.isBlank() ? "localhost" : env;
		}
	}

	public Path dir() {
		return dir;
	}

	/**
	 * Records {@code record} (what changes the outputs) in {@value #SETTINGS}, or checks it against the record
	 * already there; {@code overwrite} (every output made again) replaces a different record.
	 *
	 * @throws IOException if the folder holds outputs made with other settings and {@code overwrite} is off
	 */
	public void settings(String record, boolean overwrite) throws IOException {
		Path file = dir.resolve(SETTINGS);
		String wanted = record.endsWith("\n") ? record : record + "\n";
		if (Files.exists(file) && !overwrite) {
			if (!Files.readString(file, StandardCharsets.UTF_8).equals(wanted)) throw new IOException(dir + " holds " +
				"outputs made with other settings (see " + file + "): choose another output folder, or overwrite to " +
				"make them again with these settings");
		}
		else AtomicFile.write(file, out -> out.write(wanted.getBytes(StandardCharsets.UTF_8)));
	}

	/** Releases the lock. */
	@Override
	public void close() throws IOException {
		try {
			Files.deleteIfExists(lock);
		}
		finally {
			HELD.remove(lock);
		}
	}
}
