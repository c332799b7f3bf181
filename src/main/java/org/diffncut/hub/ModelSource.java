package org.diffncut.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.hub.HubClient.FileInfo;
import org.diffncut.hub.HubException.Kind;

/**
 * Turns what a user names as the model into a local diffusers-layout folder holding every file of
 * {@link ModelFiles}:
 * <ol>
 * <li>an existing folder is used as it is, once its layout is checked;</li>
 * <li>a repository id {@code owner/name} is looked up in the Hugging Face cache ({@link HubCache}), so a model
 * that diffusers already downloaded is reused, and the files the cache lacks are downloaded into it, unless
 * offline mode ({@code HF_HUB_OFFLINE=1}) forbids the network.</li>
 * </ol>
 * With the network allowed, a branch or tag costs one metadata request per call (it may have moved); a commit
 * hash whose snapshot is complete costs none. When the hub cannot be reached, refuses access or fails, a
 * complete cached snapshot of the same revision is used instead, as huggingface_hub does.
 * <p>
 * Nothing but our own {@code .incomplete} files is ever deleted, and a blob appears in the cache only complete
 * and verified (size, and sha256 for LFS files), by an atomic move. Concurrent downloads of one blob are
 * serialised by huggingface_hub's lock file path.
 */
public final class ModelSource {
	public static final String DEFAULT_REPO = "CompVis/stable-diffusion-v1-4";
	public static final String DEFAULT_REVISION = "main";

	private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?" +
		"/[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");
	/** Failures after which a complete cached snapshot is used instead. */
	private static final Set<Kind> CACHE_SERVES = EnumSet.of(Kind.UNREACHABLE, Kind.ACCESS_DENIED, Kind.HUB_ERROR);

	private ModelSource() {}

	/** Where to look and what to fetch. Immutable: each setter-like method returns a changed copy. */
	public static final class Options {
		private final Map<String, String> env;
		private String revision = DEFAULT_REVISION;
		private String variant;
		private String endpoint;
		private String token;
		private Path cacheDir;
		private BooleanSupplier cancel = Cancel.NEVER;

		private Options(Map<String, String> env) {
			this.env = Collections.unmodifiableMap(env);
		}

		private Options copy() {
			Options o = new Options(env);
			o.revision = revision;
			o.variant = variant;
			o.endpoint = endpoint;
			o.token = token;
			o.cacheDir = cacheDir;
			o.cancel = cancel;
			return o;
		}

		/** Options read from the process environment ({@code HF_HOME}, {@code HF_TOKEN}, ...). */
		public static Options fromEnvironment() {
			return of(System.getenv());
		}

		/** Options read from {@code env} instead of the process environment (tests, embedding hosts). */
		public static Options of(Map<String, String> env) {
			return new Options(Map.copyOf(env));
		}

		/** A branch, tag or commit hash; default {@value ModelSource#DEFAULT_REVISION}. */
		public Options revision(String revision) {
			Options o = copy();
			o.revision = revision == null || revision.isBlank() ? DEFAULT_REVISION : revision.trim();
			return o;
		}

		/** The weights variant, e.g. {@code "fp16"} for {@code *.fp16.safetensors}; {@code null} for full precision. */
		public Options variant(String variant) {
			Options o = copy();
			o.variant = variant;
			return o;
		}

		/** The hub's base URL; {@code null} for {@code HF_ENDPOINT} or https://huggingface.co. */
		public Options endpoint(String endpoint) {
			Options o = copy();
			o.endpoint = endpoint;
			return o;
		}

		/** A Hugging Face access token; {@code null} for {@code HF_TOKEN} or the token file of a login. */
		public Options token(String token) {
			Options o = copy();
			o.token = token;
			return o;
		}

		/** The hub cache folder; {@code null} for {@code HF_HUB_CACHE} or {@code $HF_HOME/hub}. */
		public Options cacheDir(Path cacheDir) {
			Options o = copy();
			o.cacheDir = cacheDir;
			return o;
		}

		/** Polled between chunks of a download; a download canceled half-way resumes on the next call. */
		public Options cancel(BooleanSupplier cancel) {
			Options o = copy();
			o.cancel = Objects.requireNonNull(cancel);
			return o;
		}

		HubSettings settings() throws HubException {
			return HubSettings.resolve(env, Paths.get(System.getProperty("user.home")), cacheDir, endpoint, token);
		}
	}

	/**
	 * The local folder of the model {@code spec} names: an existing diffusers-layout folder, else a repository
	 * id fetched as by {@link #fetch}. {@code null} or blank means {@value #DEFAULT_REPO}. A folder wins over a
	 * repository id of the same name, as in diffusers.
	 *
	 * @param progress download progress (fraction of the bytes, and a stage naming file, bytes, rate and time
	 *        left); not called when nothing needs downloading
	 * @throws HubException with a message that says what to do
	 * @throws IOException when the cache cannot be written
	 * @throws java.util.concurrent.CancellationException when {@link Options#cancel} answers true
	 */
	public static Path resolve(String spec, Options options, Progress progress) throws IOException {
		String s = spec == null || spec.isBlank() ? DEFAULT_REPO : spec.trim();
		Path folder = asPath(s);
		if (folder != null && Files.isDirectory(folder)) {
			ModelFiles.of(options.variant).check(folder);
			return folder;
		}
		if (isRepoId(s)) return fetch(s, options, progress);
		throw new HubException(Kind.NOT_FOUND, "no model folder " + s + ", and '" + s + "' is not a Hugging Face " +
			"repo id (owner/name): give a diffusers-layout Stable Diffusion 1.x folder or a repo id such as " +
			DEFAULT_REPO);
	}

	/**
	 * The snapshot folder of {@code repo} at the options' revision in the Hugging Face cache, after downloading
	 * the files of {@link ModelFiles} that it lacks.
	 *
	 * @throws HubException with a message that says what to do
	 * @throws IOException when the cache cannot be written
	 * @throws java.util.concurrent.CancellationException when {@link Options#cancel} answers true
	 */
	public static Path fetch(String repo, Options options, Progress progress) throws IOException {
		if (!isRepoId(repo)) throw new HubException(Kind.NOT_FOUND, "'" + repo + "' is not a Hugging Face repo id " +
			"(owner/name, letters, digits, '_', '-', '.'): e.g. " + DEFAULT_REPO);
		String revision = options.revision;
		if (!HubCache.isSafePath(revision)) throw new HubException(Kind.NOT_FOUND, "'" + revision + "' is not a " +
			"revision name: give a branch, tag or commit hash with --revision");
		ModelFiles files = ModelFiles.of(options.variant);
		HubSettings settings = options.settings();
		HubCache cache = new HubCache(settings.cache);
		if (settings.offline) return cachedSnapshot(cache, repo, revision, files);
		if (HubCache.isCommit(revision)) {
			Path snapshot = completeSnapshot(cache, repo, revision, files);
			if (snapshot != null) return snapshot;
		}

		HubClient client = new HubClient(settings.endpoint, repo, revision, settings.token);
		String first = files.required().get(0);
		FileInfo firstInfo;
		try {
			firstInfo = client.metadata(revision, first);
		}
		catch (HubException e) {
			Path snapshot = CACHE_SERVES.contains(e.kind()) ? completeSnapshot(cache, repo,
				cache.commitOf(repo, revision), files) : null;
			if (snapshot == null) throw e;
			progress.report(1, "using the cached " + repo + " (" + e.getMessage() + ")");
			return snapshot;
		}
		String commit = firstInfo.commit;
		cache.writeRef(repo, revision, commit);
		Path snapshot = cache.snapshot(repo, commit);

		Map<String, FileInfo> missing = new LinkedHashMap<>();
		for (String path : files.required()) {
			if (!Files.isRegularFile(snapshot.resolve(path)))
				missing.put(path, path.equals(first) ? firstInfo : client.metadata(commit, path));
		}
		for (String path : files.optional()) {
			if (Files.isRegularFile(snapshot.resolve(path)) || cache.isAbsent(repo, commit, path)) continue;
			try {
				missing.put(path, client.metadata(commit, path));
			}
			catch (HubException e) {
				if (e.kind() != Kind.NOT_FOUND) throw e;
				cache.markAbsent(repo, commit, path); // as huggingface_hub: not asked again for this commit
			}
		}
		if (!missing.isEmpty()) download(cache, client, repo, snapshot, missing, options.cancel, progress);
		files.check(snapshot);
		return snapshot;
	}

	private static void download(HubCache cache, HubClient client, String repo, Path snapshot,
		Map<String, FileInfo> files, BooleanSupplier cancel, Progress progress) throws IOException
	{
		long total = 0;
		for (FileInfo info : files.values()) if (!Files.isRegularFile(cache.blob(repo, info.etag))) total += info.size;
		TransferProgress transfer = new TransferProgress(progress, total);
		for (Map.Entry<String, FileInfo> file : files.entrySet()) {
			String path = file.getKey();
			FileInfo info = file.getValue();
			Path blob = cache.blob(repo, info.etag);
			if (!Files.isRegularFile(blob)) downloadBlob(cache, client, repo, path, info, blob, transfer, cancel);
			long size = Files.size(blob);
			if (size != info.size) throw new HubException(Kind.CORRUPT, "the cached " + path + " of " + repo + " (" +
				blob + ") has " + size + " bytes, the hub says " + info.size + ": delete that file and run again");
			HubCache.link(blob, snapshot.resolve(path));
		}
		transfer.finish();
	}

	/** Serialises writers of one blob: threads of this JVM on the class, processes on the lock file. */
	private static synchronized void downloadBlob(HubCache cache, HubClient client, String repo, String path,
		FileInfo info, Path blob, TransferProgress transfer, BooleanSupplier cancel) throws IOException
	{
		Path lockFile = cache.lock(repo, info.etag);
		Files.createDirectories(lockFile.getParent());
		Files.createDirectories(blob.getParent());
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.lock())
		{
			if (Files.isRegularFile(blob)) return; // another process finished it while we waited
			Path incomplete = HubCache.incomplete(blob);
			client.download(info, path, incomplete, transfer, cancel);
			Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	/** Offline: the cached snapshot of the revision, which must hold every required file. */
	private static Path cachedSnapshot(HubCache cache, String repo, String revision, ModelFiles files)
		throws IOException
	{
		String fetch = "unset HF_HUB_OFFLINE and run 'diffncut fetch-model --repo " + repo +
			(revision.equals(DEFAULT_REVISION) ? "" : " --revision " + revision) +
			(files.variant() == null ? "" : " --variant " + files.variant()) + "', or give a model folder";
		String commit = cache.commitOf(repo, revision);
		if (commit == null) throw new HubException(Kind.NOT_CACHED, "HF_HUB_OFFLINE is set and the cache " +
			cache.root + " has no " + repo + " at revision '" + revision + "': " + fetch);
		Path snapshot = cache.snapshot(repo, commit);
		for (String path : files.required()) {
			if (!Files.isRegularFile(snapshot.resolve(path))) throw new HubException(Kind.NOT_CACHED,
				"HF_HUB_OFFLINE is set and the cached " + repo + " (revision '" + revision + "', " + snapshot +
					") has no " + path + ": " + fetch);
		}
		return snapshot;
	}

	/** The snapshot of {@code commit} if it holds every required file, else {@code null}. */
	private static Path completeSnapshot(HubCache cache, String repo, String commit, ModelFiles files) {
		if (commit == null) return null;
		Path snapshot = cache.snapshot(repo, commit);
		for (String path : files.required()) if (!Files.isRegularFile(snapshot.resolve(path))) return null;
		return snapshot;
	}

	static boolean isRepoId(String s) {
		return s.length() <= 96 && REPO_ID.matcher(s).matches() && !s.contains("--") && !s.contains("..");
	}

	private static Path asPath(String s) {
		try {
			return Paths.get(s);
		}
		catch (InvalidPathException e) {
			return null;
		}
	}
}
