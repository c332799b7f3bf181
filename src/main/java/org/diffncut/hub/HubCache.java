package org.diffncut.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.diffncut.io.AtomicFile;

/**
 * The Hugging Face cache under one root folder, laid out exactly as huggingface_hub writes it
 * (huggingface/huggingface_hub: src/huggingface_hub/file_download.py), so downloads are shared with diffusers:
 * <pre>
 * models--{owner}--{name}/refs/{revision}          the commit hash a branch or tag pointed to
 * models--{owner}--{name}/blobs/{etag}             file contents, named by git sha1 or LFS sha256
 * models--{owner}--{name}/blobs/{etag}.incomplete  a transfer in progress: the only files we ever delete
 * models--{owner}--{name}/snapshots/{commit}/{path}  relative symlink to ../../blobs/{etag} (a copy where
 *                                                  the file system has no symlinks)
 * models--{owner}--{name}/.no_exist/{commit}/{path}  empty marker: the file is absent at that commit
 * .locks/models--{owner}--{name}/{etag}.lock       held while a blob is written
 * </pre>
 * Repository ids, revisions, commits and etags reach the file system only through this class, which rejects
 * any that could leave the cache.
 */
final class HubCache {
	private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

	final Path root;

	HubCache(Path root) {
		this.root = root;
	}

	static boolean isCommit(String revision) {
		return COMMIT.matcher(revision).matches();
	}

	Path repoFolder(String repo) {
		return root.resolve("models--" + repo.replace("/", "--"));
	}

	/** The commit a revision stands for, as far as the cache knows: itself if it is a commit hash, else its ref. */
	String commitOf(String repo, String revision) throws IOException {
		if (isCommit(revision)) return revision;
		try {
			String commit = new String(Files.readAllBytes(ref(repo, revision)), StandardCharsets.UTF_8).trim();
			return isSafeName(commit) ? commit : null;
		}
		catch (NoSuchFileException e) {
			return null;
		}
	}

	/** Records that {@code revision} points to {@code commit}; leaves an up-to-date ref untouched (read-only caches). */
	void writeRef(String repo, String revision, String commit) throws IOException {
		if (revision.equals(commit) || commit.equals(commitOf(repo, revision))) return;
		AtomicFile.write(ref(repo, revision), out -> out.write(commit.getBytes(StandardCharsets.UTF_8)));
	}

	Path snapshot(String repo, String commit) {
		return repoFolder(repo).resolve("snapshots").resolve(name(commit, "commit"));
	}

	Path blob(String repo, String etag) {
		return repoFolder(repo).resolve("blobs").resolve(name(etag, "etag"));
	}

	static Path incomplete(Path blob) {
		return blob.resolveSibling(blob.getFileName() + ".incomplete");
	}

	Path lock(String repo, String etag) {
		return root.resolve(".locks").resolve(repoFolder(repo).getFileName()).resolve(name(etag, "etag") + ".lock");
	}

	boolean isAbsent(String repo, String commit, String path) {
		return Files.isRegularFile(noExist(repo, commit, path));
	}

	void markAbsent(String repo, String commit, String path) throws IOException {
		Path marker = noExist(repo, commit, path);
		Files.createDirectories(marker.getParent());
		if (!Files.exists(marker)) Files.createFile(marker);
	}

	/**
	 * Makes {@code pointer} (a file of a snapshot) refer to {@code blob}: a relative symlink, or a copy where the
	 * file system refuses symlinks. A dangling symlink left by a deleted blob is replaced.
	 */
	static void link(Path blob, Path pointer) throws IOException {
		Files.createDirectories(pointer.getParent());
		if (Files.isSymbolicLink(pointer) && !Files.exists(pointer)) Files.delete(pointer);
		try {
			Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
		}
		catch (FileAlreadyExistsException e) {
			if (!Files.isRegularFile(pointer)) throw e; // linked meanwhile by another process: fine
		}
		catch (UnsupportedOperationException | FileSystemException e) {
			AtomicFile.write(pointer, out -> Files.copy(blob, out));
		}
	}

	private Path ref(String repo, String revision) {
		return repoFolder(repo).resolve("refs").resolve(relative(revision, "revision"));
	}

	private Path noExist(String repo, String commit, String path) {
		return repoFolder(repo).resolve(".no_exist").resolve(name(commit, "commit")).resolve(relative(path, "file"));
	}

	/** Whether {@code value} is one file name that stays in its folder (etags, commits). */
	static boolean isSafeName(String value) {
		return NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..");
	}

	/** Whether {@code value} is a relative path that stays inside its folder, such as {@code refs/pr/1}. */
	static boolean isSafePath(String value) {
		for (String part : value.split("/", -1)) if (!isSafeName(part)) return false;
		return true;
	}

	private static String name(String value, String what) {
		if (!isSafeName(value)) throw new IllegalArgumentException("unsafe " + what + " for the cache: '" + value + "'");
		return value;
	}

	private static String relative(String value, String what) {
		if (!isSafePath(value)) throw new IllegalArgumentException("unsafe " + what + " for the cache: '" + value + "'");
		return value;
	}
}
