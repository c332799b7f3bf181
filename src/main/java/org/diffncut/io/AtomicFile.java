package org.diffncut.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that they appear complete or not at all: the bytes go to a hidden temporary
 * {@code .<name>.<pid>.part} beside the target, which is then moved over it. A failure or a cancel midway leaves
 * the previous file (if any) untouched and no partial one. A {@link Group} does the same for several files at once:
 * the outputs of one run appear together or not at all.
 * <p>
 * Temporaries of this process are deleted by a shutdown hook (SIGTERM, System.exit); those a killed process left
 * behind are swept from a folder the first time this process writes there: a temporary is stale when no process
 * has its pid, or that process started after the temporary was last written (the pid was reused).
 */
public final class AtomicFile {
	private AtomicFile() {}

	/** The writing step; it may throw. */
	@FunctionalInterface
	public interface Body {
		void write(OutputStream out) throws IOException;
	}

	/** A writing step that needs a file name (e.g. a library's saver); it writes {@code file}, which it may not keep open. */
	@FunctionalInterface
	public interface FileBody {
		void write(Path file) throws IOException;
	}

	private static final long PID = ProcessHandle.current().pid();
	private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());
	/** {@code .<name>.<pid>.part}, {@code .<name>.<pid>.old.part} (a commit's backup), and the random-hex names of old versions. */
	private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.([0-9a-f]{1,16})(\\.old)?\\.part");
	private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet(), SWEPT = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (Path p : LIVE) try {
				Files.deleteIfExists(p);
			}
			catch (IOException e) {
				// the JVM is going down: a leftover is swept by the next run
			}
		}, "diffncut temporaries"));
	}

	public static void write(Path target, Body body) throws IOException {
		try (Group g = new Group()) {
			g.add(target, body);
			g.commit();
		}
	}

	/** As {@link #write}, for a step that writes a named file. */
	public static void writeFile(Path target, FileBody body) throws IOException {
		try (Group g = new Group()) {
			g.addFile(target, body);
			g.commit();
		}
	}

	/**
	 * Files that appear together or not at all. {@link #add} writes each to its temporary; {@link #commit} moves
	 * them all into place, and if one move fails, puts back the files they replaced. Closing without a commit
	 * (a failure, a cancel) removes the temporaries; older files stay as they were.
	 */
	public static final class Group implements Closeable {
		private final List<Path> targets = new ArrayList<>(), temporaries = new ArrayList<>();

		public Group add(Path target, Body body) throws IOException {
			return addFile(target, file -> {
				try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
					body.write(out);
				}
			});
		}

		/** As {@link #add}, for a step that writes a named file. */
		public Group addFile(Path target, FileBody body) throws IOException {
			Path t = target.toAbsolutePath().normalize();
			Path tmp = claim(temporary(t, ""), t);
			temporaries.add(tmp);
			targets.add(t);
			try {
				body.write(tmp);
			}
			catch (IOException e) {
				throw cannotWrite(t, e);
			}
			return this;
		}

		/** Moves every file into place; on a failure, none of them is (the replaced files come back). */
		public void commit() throws IOException {
			List<Path> backups = new ArrayList<>(), placed = new ArrayList<>();
			int i = 0;
			try {
				if (targets.size() > 1) for (Path t : targets) {
					Path backup = temporary(t, ".old");
					if (Files.exists(t)) {
						LIVE.add(backup);
						move(t, backup);
						backups.add(backup);
					}
					else backups.add(null);
				}
				for (; i < targets.size(); i++) {
					move(temporaries.get(i), targets.get(i));
					placed.add(targets.get(i));
				}
				for (Path b : backups) if (b != null) Files.deleteIfExists(b);
			}
			catch (IOException e) {
				for (Path p : placed) Files.deleteIfExists(p);
				for (int b = 0; b < backups.size(); b++) if (backups.get(b) != null) move(backups.get(b), targets.get(b));
				throw cannotWrite(i < targets.size() ? targets.get(i) : targets.get(0), e);
			}
			finally {
				for (Path b : backups) if (b != null) LIVE.remove(b);
			}
		}

		@Override
		public void close() throws IOException {
			for (Path tmp : temporaries) {
				Files.deleteIfExists(tmp);
				LIVE.remove(tmp);
			}
		}
	}

	/** The temporary of {@code target} (absolute), {@code .<name>.<pid><kind>.part}. */
	private static Path temporary(Path target, String kind) {
		return target.resolveSibling("." + target.getFileName() + "." + PID + kind + ".part");
	}

	/** Creates {@code tmp} (after sweeping its folder once), or fails if another task of this process writes it. */
	private static Path claim(Path tmp, Path target) throws IOException {
		Path dir = tmp.getParent();
		try {
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw cannotWrite(target, e);
		}
		if (SWEPT.add(dir)) sweep(dir);
		if (!LIVE.add(tmp)) throw new IOException(target + " is being written by another task of this run: give " +
			"each output its own name");
		try {
			Files.deleteIfExists(tmp); // a leftover of an earlier process with this pid
			// CREATE_NEW, not createTempFile: the file gets the user's usual permissions, not owner-only
			Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
			return tmp;
		}
		catch (IOException e) {
			LIVE.remove(tmp);
			throw cannotWrite(target, e);
		}
	}

	/**
	 * Removes the stale temporaries of {@code dir} (see the class comment); a stale commit backup whose target is
	 * missing is put back instead, since the commit that moved it aside never finished.
	 */
	static void sweep(Path dir) {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.part")) {
			for (Path f : files) {
				Matcher m = TEMPORARY.matcher(f.getFileName().toString());
				if (!m.matches() || LIVE.contains(f) || !stale(m.group(2), Files.getLastModifiedTime(f).toInstant())) continue;
				Path target = dir.resolve(m.group(1));
				if (m.group(3) != null && !Files.exists(target)) move(f, target);
				else Files.deleteIfExists(f);
			}
		}
		catch (IOException e) {
			// sweeping is a courtesy: the write itself reports real problems
		}
	}

	private static boolean stale(String token, Instant written) {
		if (!token.chars().allMatch(Character::isDigit)) return written.isBefore(STARTED); // a random name of old versions
		long pid = Long.parseLong(token);
		if (pid == PID) return written.isBefore(STARTED);
		Optional<ProcessHandle> p = ProcessHandle.of(pid);
		if (p.isEmpty()) return true;
		Optional<Instant> started = p.get().info().startInstant();
		return started.isPresent() && started.get().isAfter(written);
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** A failed write as the user needs it: the target (never the temporary), why, and what to do. */
	static IOException cannotWrite(Path target, IOException e) {
		if (e.getMessage() != null && e.getMessage().startsWith("cannot write ")) return e;
		return new IOException("cannot write " + target + " (" + reason(e) + "): check the folder's free space and " +
			"permissions", e);
	}

	private static String reason(Throwable e) {
		Throwable deepest = e;
		while (deepest.getCause() != null && deepest.getCause() != deepest) deepest = deepest.getCause();
		if (deepest instanceof AccessDeniedException) return "permission denied";
		if (deepest instanceof NoSuchFileException) return "no such folder";
		if (deepest instanceof FileSystemException) {
			String r = ((FileSystemException) deepest).getReason();
			return r != null ? r : deepest.getClass().getSimpleName();
		}
		String m = deepest.getMessage();
		return m == null ? deepest.getClass().getSimpleName() : m;
	}
}
