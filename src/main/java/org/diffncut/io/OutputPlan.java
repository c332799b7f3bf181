package org.diffncut.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files one run reads and writes, checked before any expensive work: an output is never an input or another
 * output of the run, after following links (a file that does not exist yet is placed by the real path of its
 * folder), and its folder exists or can be made, and is writable. Each refusal is one line naming both files.
 */
public final class OutputPlan {
	/** Links followed before a dangling chain is taken as it stands (Linux's limit). */
	private static final int MAX_HOPS = 40;

	private final Map<Path, String> inputs = new LinkedHashMap<>(), outputs = new LinkedHashMap<>();

	/** {@code file} (null: none) is read by the run; {@code role} names it for the user, e.g. {@code "--image"}. */
	public OutputPlan input(String role, Path file) {
		if (file != null) inputs.putIfAbsent(resolve(file), role + " " + file);
		return this;
	}

	/**
	 * {@code file} (null: none) is written by the run.
	 *
	 * @throws IllegalArgumentException if it is an input or an earlier output, a folder, or cannot be written
	 */
	public OutputPlan output(String role, Path file) {
		if (file == null) return this;
		Path real = resolve(file);
		String name = role + " " + file;
		String input = inputs.get(real), output = outputs.get(real);
		if (input != null) throw new IllegalArgumentException(name + " is the input " + input +
			": choose another output file, or the input would be overwritten");
		if (output != null) throw new IllegalArgumentException(name + " and " + output + " are the same file: give " +
			"each output its own name");
		if (Files.isDirectory(real)) throw new IllegalArgumentException(name + " is a folder: give a file name");
		checkFolder(name, real.getParent());
		outputs.put(real, name);
		return this;
	}

	/** {@code folder} can hold new files: it exists or can be made (its nearest existing ancestor is a writable folder). */
	public static void checkFolder(String name, Path folder) {
		Path existing = folder;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) return;
		if (!Files.isDirectory(existing)) throw new IllegalArgumentException(name + ": " + existing + " is a file, " +
			"not a folder: choose another place for the output");
		if (!Files.isWritable(existing)) throw new IllegalArgumentException(name + ": the folder " + existing +
			" is not writable: choose another place for the output");
	}

	/** {@code file} after following links; for a file that does not exist yet, its folder's real path and its name. */
	public static Path resolve(Path file) {
		return resolve(file, 0);
	}

	private static Path resolve(Path file, int hops) {
		Path abs = file.toAbsolutePath().normalize();
		try {
			return abs.toRealPath();
		}
		catch (IOException e) {
			// not there yet (or a dangling link): place it by its folder
		}
		try {
			if (hops < MAX_HOPS && Files.isSymbolicLink(abs)) return resolve(abs.resolveSibling(Files.readSymbolicLink(abs)), hops + 1);
		}
		catch (IOException | UnsupportedOperationException e) {
			// unreadable link: keep its own path
		}
		Path parent = abs.getParent();
		return parent == null || Files.exists(abs, LinkOption.NOFOLLOW_LINKS) ? abs : resolve(parent, hops).resolve(abs.getFileName());
	}
}
