package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and links of the cache. Reference: the tree drawn in huggingface_hub's {@code hf_hub_download} docstring
 * and {@code _create_symlink} (relative links), {@code _cache_commit_hash_for_specific_revision} (refs).
 */
class HubCacheTest {
	private static final String REPO = "CompVis/stable-diffusion-v1-4";
	private static final String COMMIT = "133a221b8aa7292a167afc5127cb63fb5005638b";

	@TempDir
	Path root;

	@Test
	void namesFollowTheHubLayout() {
		HubCache cache = new HubCache(root);
		Path repo = root.resolve("models--CompVis--stable-diffusion-v1-4");
		assertEquals(repo, cache.repoFolder(REPO));
		assertEquals(repo.resolve("snapshots/" + COMMIT), cache.snapshot(REPO, COMMIT));
		assertEquals(repo.resolve("blobs/abc"), cache.blob(REPO, "abc"));
		assertEquals(repo.resolve("blobs/abc.incomplete"), HubCache.incomplete(cache.blob(REPO, "abc")));
		assertEquals(root.resolve(".locks/models--CompVis--stable-diffusion-v1-4/abc.lock"), cache.lock(REPO, "abc"));
	}

	@Test
	void refsMapBranchesToCommitsAndCommitsToThemselves() throws IOException {
		HubCache cache = new HubCache(root);
		assertNull(cache.commitOf(REPO, "main"));
		assertEquals(COMMIT, cache.commitOf(REPO, COMMIT));
		cache.writeRef(REPO, "main", COMMIT);
		cache.writeRef(REPO, "refs/pr/1", COMMIT);
		assertEquals(COMMIT, read(root.resolve("models--CompVis--stable-diffusion-v1-4/refs/main")));
		assertEquals(COMMIT, cache.commitOf(REPO, "main"));
		assertEquals(COMMIT, cache.commitOf(REPO, "refs/pr/1"));
		cache.writeRef(REPO, COMMIT, COMMIT); // a commit needs no ref
		assertFalse(Files.exists(root.resolve("models--CompVis--stable-diffusion-v1-4/refs/" + COMMIT)));
	}

	@Test
	void snapshotFilesAreRelativeLinksToBlobs() throws IOException {
		HubCache cache = new HubCache(root);
		Path blob = cache.blob(REPO, "e7a0");
		Files.createDirectories(blob.getParent());
		Files.write(blob, new byte[] { 7 });
		Path pointer = cache.snapshot(REPO, COMMIT).resolve("unet/config.json");
		HubCache.link(blob, pointer);
		assertEquals(Paths.get("../../../blobs/e7a0"), Files.readSymbolicLink(pointer));
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(pointer));
	}

	@Test
	void aDanglingLinkIsReplaced() throws IOException {
		HubCache cache = new HubCache(root);
		Path pointer = cache.snapshot(REPO, COMMIT).resolve("vae/config.json");
		Files.createDirectories(pointer.getParent());
		Files.createSymbolicLink(pointer, Paths.get("../../../blobs/gone"));
		Path blob = cache.blob(REPO, "e7a1");
		Files.createDirectories(blob.getParent());
		Files.write(blob, new byte[] { 8 });
		HubCache.link(blob, pointer);
		assertArrayEquals(new byte[] { 8 }, Files.readAllBytes(pointer));
	}

	@Test
	void absenceIsRememberedPerCommit() throws IOException {
		HubCache cache = new HubCache(root);
		assertFalse(cache.isAbsent(REPO, COMMIT, "model_index.json"));
		cache.markAbsent(REPO, COMMIT, "model_index.json");
		assertTrue(cache.isAbsent(REPO, COMMIT, "model_index.json"));
		assertTrue(Files.isRegularFile(root.resolve("models--CompVis--stable-diffusion-v1-4/.no_exist/" + COMMIT +
			"/model_index.json")));
	}

	@Test
	void namesThatWouldLeaveTheCacheAreRefused() {
		assertTrue(HubCache.isSafePath("refs/pr/1"));
		assertFalse(HubCache.isSafePath("../main"));
		assertFalse(HubCache.isSafePath("a//b"));
		assertFalse(HubCache.isSafeName("a/b"));
		assertFalse(HubCache.isSafeName(".."));
		assertThrows(IllegalArgumentException.class, () -> new HubCache(root).blob(REPO, "../../x"));
	}

	private static String read(Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}
}
