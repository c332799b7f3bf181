package org.diffncut.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.diffncut.Cancel;
import org.diffncut.hub.HubException.Kind;

/**
 * HTTP access to the files of one repository on a Hugging Face hub, or a mirror that speaks its protocol
 * (huggingface/huggingface_hub: src/huggingface_hub/file_download.py):
 * <ul>
 * <li>a file is {@code GET {endpoint}/{repo}/resolve/{revision}/{path}};</li>
 * <li>its metadata comes from a {@code HEAD} of that URL that follows only relative redirects (a renamed
 * repository): {@code X-Repo-Commit}, the etag ({@code X-Linked-Etag}, else {@code ETag}) and the size
 * ({@code X-Linked-Size}, else {@code Content-Length}); large (LFS) files answer with a redirect to a CDN, and
 * their etag is the sha256 of the contents;</li>
 * <li>the token goes to the hub only: it is dropped when a redirect leaves the endpoint's origin, since CDN URLs
 * are signed and must not see it;</li>
 * <li>an interrupted transfer continues with {@code Range: bytes=N-}.</li>
 * </ul>
 * Failures become {@link HubException}s that name the repository, revision and file and say what to do.
 */
final class HubClient {
	/** huggingface_hub's defaults for metadata and download reads. */
	static final int CONNECT_TIMEOUT_MS = 10_000, READ_TIMEOUT_MS = 10_000;
	private static final int MAX_REDIRECTS = 10;
	private static final int BUFFER = 1 << 20;
	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(\\d+|\\*)");
	private static final Pattern WEIGHTS_VARIANT = Pattern.compile(".*\\.([A-Za-z0-9_]+)\\.safetensors");
	private static final String USER_AGENT = "diffncut; java/" + System.getProperty("java.version");

	/** What the hub says of one file at one commit. */
	static final class FileInfo {
		final String commit;
		final String etag;
		final long size;

		FileInfo(String commit, String etag, long size) {
			this.commit = commit;
			this.etag = etag;
			this.size = size;
		}

		/** LFS files are named by the sha256 of their contents. */
		boolean isSha256() {
			return SHA256.matcher(etag).matches();
		}
	}

	private final String endpoint;
	private final String repo;
	private final String revision;
	private final String token;

	/**
	 * @param endpoint e.g. {@code https://huggingface.co}, without a trailing slash
	 * @param repo {@code owner/name}
	 * @param revision the branch, tag or commit the user asked for, named in messages
	 * @param token sent as {@code Authorization: Bearer} to the endpoint's origin, or {@code null}
	 */
	HubClient(String endpoint, String repo, String revision, String token) {
		this.endpoint = endpoint;
		this.repo = repo;
		this.revision = revision;
		this.token = token;
	}

	/**
	 * The metadata of {@code path} at {@code at}: the requested revision, or the commit it was found to stand
	 * for, so that all files come from one commit even if the branch moves meanwhile.
	 */
	FileInfo metadata(String at, String path) throws IOException {
		URL url = resolveUrl(at, path);
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			HttpURLConnection c = open(url, "HEAD");
			c.setRequestProperty("Accept-Encoding", "identity"); // the size of the file, not of a compressed body
			int code = status(c, url);
			String location = c.getHeaderField("Location");
			if (code >= 300 && code < 400 && location != null && !isAbsolute(location)) {
				url = new URL(url, location); // a renamed repository: same hub, keep asking
				discard(c);
				continue;
			}
			if (code >= 400) throw error(c, code, path);
			FileInfo info = info(c, path);
			discard(c);
			return info;
		}
		throw new HubException(Kind.HUB_ERROR, "too many redirects from " + endpoint + " for " + path + " of " + repo);
	}

	/**
	 * Downloads {@code path} at {@code info.commit} into {@code incomplete}, continuing from the bytes it already
	 * holds. On return it holds exactly {@code info.size} bytes, and their sha256 equals the etag when that is a
	 * sha256. A transfer that breaks after some progress is resumed at once; one that makes no progress ends with
	 * an {@link Kind#INCOMPLETE} exception and {@code incomplete} kept for the next run. {@code incomplete} is
	 * deleted only when its contents are wrong (too long, or a checksum mismatch).
	 *
	 * @throws java.util.concurrent.CancellationException when {@code cancel} answers true between chunks
	 */
	void download(FileInfo info, String path, Path incomplete, TransferProgress progress, BooleanSupplier cancel)
		throws IOException
	{
		long present = Files.exists(incomplete) ? Files.size(incomplete) : 0;
		if (present > info.size) {
			Files.delete(incomplete); // ours, and longer than the file: nothing in it can be trusted
			present = 0;
		}
		else if (present == 0) Files.write(incomplete, new byte[0]); // exists even for an empty file
		progress.startFile(path, present);
		MessageDigest sha256 = info.isSha256() ? digestOf(incomplete, present) : null;
		boolean restarted = false;
		while (present < info.size) {
			HttpURLConnection c = openDownload(info.commit, path, present);
			int code = c.getResponseCode();
			if (code == 416 && present > 0 && !restarted) { // the server cannot continue from there: start afresh
				discard(c);
				progress.discard(present);
				Files.delete(incomplete);
				present = 0;
				restarted = true;
				if (sha256 != null) sha256.reset();
				continue;
			}
			if (code != 200 && code != 206) throw sameOrigin(c.getURL(), new URL(endpoint)) ? error(c, code, path) :
				storageError(c, code, path);
			boolean append = code == 206;
			if (append && contentRangeStart(c) != present) {
				discard(c);
				throw new HubException(Kind.HUB_ERROR, "the hub sent " + path + " of " + repo + " from the wrong " +
					"offset (Content-Range: " + c.getHeaderField("Content-Range") + ", asked for " + present + ")");
			}
			if (!append && present > 0) { // the server ignored the range and sends everything again
				progress.discard(present);
				if (sha256 != null) sha256.reset();
				present = 0;
			}
			long before = present;
			IOException broken = null;
			try {
				present = receive(c, incomplete, append, present, info.size, sha256, progress, cancel, path);
			}
			catch (Broken e) {
				present = e.present;
				broken = e;
			}
			if (present < info.size && present == before) throw new HubException(Kind.INCOMPLETE, "download of " +
				path + " of " + repo + " stopped at " + TransferProgress.bytes(present) + " of " +
				TransferProgress.bytes(info.size) + (broken == null ? "" : " (" + broken.getCause() + ")") +
				": run the same command again to resume", broken);
		}
		if (sha256 != null) {
			String actual = hex(sha256.digest());
			if (!actual.equals(info.etag)) {
				Files.delete(incomplete);
				throw new HubException(Kind.CORRUPT, "download of " + path + " of " + repo + " does not match its sha256 " +
					"(expected " + info.etag + ", got " + actual + "): it was deleted; run again to download it afresh");
			}
		}
	}

	/** A response body that broke off after {@link #present} bytes of the file were on disk. */
	private static final class Broken extends IOException {
		private static final long serialVersionUID = 1L;
		final long present;

		Broken(long present, IOException cause) {
			super(cause);
			this.present = present;
		}
	}

	/**
	 * Appends the body of {@code c} to {@code file}, or writes it from the start, until the body ends or would
	 * pass {@code size}. Returns the new length of {@code file}; throws {@link Broken} if the body breaks off.
	 */
	private long receive(HttpURLConnection c, Path file, boolean append, long present, long size,
		MessageDigest sha256, TransferProgress progress, BooleanSupplier cancel, String path) throws IOException
	{
		StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = c.getInputStream();
			FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode))
		{
			while (true) {
				Cancel.check(cancel, "download of " + path);
				int n;
				try {
					n = in.read(buffer);
				}
				catch (IOException e) {
					c.disconnect();
					throw new Broken(present, e);
				}
				if (n < 0) return present;
				if (present + n > size) {
					c.disconnect();
					throw new HubException(Kind.CORRUPT, "the hub sent more than the " + size + " bytes of " + path +
						" of " + repo + ": nothing was kept; run again");
				}
				try {
					out.write(ByteBuffer.wrap(buffer, 0, n));
				}
				catch (IOException e) {
					c.disconnect();
					throw new IOException("cannot write " + file + " (" + e.getMessage() + "): free some space, or " +
						"choose another cache with --cache-dir or HF_HUB_CACHE", e);
				}
				if (sha256 != null) sha256.update(buffer, 0, n);
				present += n;
				progress.add(n);
			}
		}
		catch (HubException e) {
			if (e.kind() == Kind.CORRUPT) Files.deleteIfExists(file);
			throw e;
		}
	}

	/** A GET of the file at a commit, following redirects; the token is sent only while on the endpoint's origin. */
	private HttpURLConnection openDownload(String commit, String path, long from) throws IOException {
		URL url = resolveUrl(commit, path);
		for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
			HttpURLConnection c = open(url, "GET");
			c.setRequestProperty("Accept-Encoding", "identity");
			if (from > 0) c.setRequestProperty("Range", "bytes=" + from + "-");
			int code = status(c, url);
			String location = c.getHeaderField("Location");
			if (code < 300 || code >= 400 || location == null) return c;
			discard(c);
			url = new URL(url, location);
		}
		throw new HubException(Kind.HUB_ERROR, "too many redirects from " + endpoint + " for " + path + " of " + repo);
	}

	private HttpURLConnection open(URL url, String method) throws IOException {
		HttpURLConnection c = (HttpURLConnection) url.openConnection();
		c.setRequestMethod(method);
		c.setInstanceFollowRedirects(false);
		c.setUseCaches(false);
		c.setConnectTimeout(CONNECT_TIMEOUT_MS);
		c.setReadTimeout(READ_TIMEOUT_MS);
		c.setRequestProperty("User-Agent", USER_AGENT);
		if (token != null && sameOrigin(url, new URL(endpoint))) c.setRequestProperty("Authorization", "Bearer " + token);
		return c;
	}

	/** The response code, or {@link Kind#UNREACHABLE} when no response came. */
	private int status(HttpURLConnection c, URL url) throws HubException {
		try {
			return c.getResponseCode();
		}
		catch (IOException e) {
			c.disconnect();
			String origin = url.getProtocol() + "://" + url.getAuthority();
			throw new HubException(Kind.UNREACHABLE, "cannot reach " + origin + ": check the connection, or use a " +
				"local folder / a cached copy with HF_HUB_OFFLINE=1 (" + e + ")", e);
		}
	}

	private FileInfo info(HttpURLConnection c, String path) throws HubException {
		String commit = c.getHeaderField("X-Repo-Commit");
		String etag = c.getHeaderField("X-Linked-Etag");
		if (etag == null) etag = c.getHeaderField("ETag");
		String size = c.getHeaderField("X-Linked-Size");
		if (size == null) size = c.getHeaderField("Content-Length");
		String where = path + " of " + repo + " at '" + revision + "'";
		if (commit == null || !HubCache.isSafeName(commit)) throw new HubException(Kind.HUB_ERROR, endpoint +
			" does not answer like a Hugging Face hub (no valid X-Repo-Commit for " + where + "): check --endpoint " +
			"or HF_ENDPOINT, and any proxy or firewall between");
		etag = etag == null ? null : etag.replaceFirst("^W/", "").replace("\"", "");
		if (etag == null || !HubCache.isSafeName(etag)) throw new HubException(Kind.HUB_ERROR, endpoint +
			" sent no usable ETag for " + where + ": the file cannot be cached reliably");
		try {
			long n = Long.parseLong(size == null ? "" : size.trim());
			if (n >= 0) return new FileInfo(commit, etag, n);
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new HubException(Kind.HUB_ERROR, endpoint + " sent no file size for " + where);
	}

	private HubException error(HttpURLConnection c, int code, String path) {
		String errorCode = String.valueOf(c.getHeaderField("X-Error-Code"));
		String serverMessage = c.getHeaderField("X-Error-Message");
		discard(c);
		String licence = "accept the licence on " + endpoint + "/" + repo + " and pass a token with --token or HF_TOKEN";
		String http = " (HTTP " + code + ")";
		if (code == 403) return new HubException(Kind.ACCESS_DENIED,
			repo + " is gated and " + (token == null ? "no token was given" : "the token has no access to it") + http +
				": " + licence);
		if (code == 401 || errorCode.equals("GatedRepo")) return new HubException(Kind.ACCESS_DENIED, token == null ?
			repo + " needs a Hugging Face token, or does not exist" + http + ": check the repo id; if it is gated, " +
				licence :
			"the hub refused the token for " + repo + http + ": check the repo id and the token; if it is gated, " +
				licence);
		if (code == 404) {
			if (errorCode.equals("RepoNotFound")) return new HubException(Kind.NOT_FOUND, "no repository " + repo +
				" on " + endpoint + http + ": check the repo id (owner/name); a private one needs a token");
			if (errorCode.equals("RevisionNotFound")) return new HubException(Kind.NOT_FOUND, "repository " + repo +
				" has no revision '" + revision + "'" + http + ": check --revision");
			Matcher variant = WEIGHTS_VARIANT.matcher(path);
			return new HubException(Kind.NOT_FOUND, "repository " + repo + " at revision '" + revision +
				"' has no file " + path + " on " + endpoint + http + (variant.matches() ?
					": it may not publish " + variant.group(1) + " weights; drop --variant " + variant.group(1) :
					": check the repo id and --revision; is it a diffusers-layout Stable Diffusion 1.x repository?"));
		}
		if (code == 429) return new HubException(Kind.HUB_ERROR, endpoint + " limits the rate of requests" + http +
			": wait a few minutes and run again");
		if (code >= 500) return new HubException(Kind.HUB_ERROR, endpoint + " failed on " + path + " of " + repo +
			http + ": try again later, or use a cached copy with HF_HUB_OFFLINE=1");
		return new HubException(Kind.HUB_ERROR, "unexpected answer from " + endpoint + " for " + path + " of " + repo +
			" at '" + revision + "'" + http + (serverMessage == null ? "" : ": " + serverMessage));
	}

	/** An error from the storage a hub redirects to (a CDN with signed, expiring links), not from the hub. */
	private HubException storageError(HttpURLConnection c, int code, String path) {
		String origin = c.getURL().getProtocol() + "://" + c.getURL().getAuthority();
		discard(c);
		return new HubException(Kind.HUB_ERROR, "the download server " + origin + " that " + endpoint + " sent " +
			path + " of " + repo + " to answered HTTP " + code + ": run again (its links expire); if it persists, " +
			"a proxy or firewall may block " + origin);
	}

	private URL resolveUrl(String revision, String path) throws MalformedURLException {
		return new URL(endpoint + "/" + repo + "/resolve/" + encode(revision, false) + "/" + encode(path, true));
	}

	/** Percent-encoding as Python's {@code urllib.parse.quote}: unreserved characters stay, and '/' if asked. */
	static String encode(String s, boolean keepSlash) {
		StringBuilder b = new StringBuilder();
		for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
			char ch = (char) (x & 0xff);
			boolean plain = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
				"-._~".indexOf(ch) >= 0 || keepSlash && ch == '/';
			if (plain) b.append(ch);
			else b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
		}
		return b.toString();
	}

	private static boolean isAbsolute(String location) {
		return location.matches("(?i)^[a-z][a-z0-9+.-]*:.*") || location.startsWith("//");
	}

	static boolean sameOrigin(URL a, URL b) {
		return a.getProtocol().equalsIgnoreCase(b.getProtocol()) && a.getHost().equalsIgnoreCase(b.getHost()) &&
			port(a) == port(b);
	}

	private static int port(URL url) {
		return url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
	}

	private static long contentRangeStart(HttpURLConnection c) {
		Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")));
		return m.matches() ? Long.parseLong(m.group(1)) : -1;
	}

	/** Reads and closes a response body, so the connection can serve the next request. */
	private static void discard(HttpURLConnection c) {
		try {
			InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
			if (in != null) try (InputStream body = in) {
				body.transferTo(OutputStream.nullOutputStream());
			}
		}
		catch (IOException e) {
			c.disconnect();
		}
	}

	private static MessageDigest digestOf(Path file, long length) throws IOException {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
		if (length == 0) return sha256;
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) > 0;) sha256.update(buffer, 0, n);
		}
		return sha256;
	}

	static String hex(byte[] bytes) {
		StringBuilder b = new StringBuilder(bytes.length * 2);
		for (byte x : bytes) b.append(Character.forDigit(x >> 4 & 15, 16)).append(Character.forDigit(x & 15, 16));
		return b.toString();
	}
}
