package org.diffncut.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Hugging Face hub on 127.0.0.1 for tests, answering as huggingface.co does (headers as read by
 * huggingface_hub's {@code get_hf_file_metadata}):
 * <ul>
 * <li>{@code HEAD|GET /{repo}/resolve/{revision}/{path}} with {@code X-Repo-Commit}; small files come directly,
 * with {@code ETag} = their git blob sha1; {@code *.safetensors} (LFS) files answer 302 to a second server,
 * the CDN, on another port, with {@code X-Linked-Etag} = sha256 and {@code X-Linked-Size};</li>
 * <li>errors carry {@code X-Error-Code}: RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo (401 without
 * a token, 403 with a token that has no access);</li>
 * <li>the CDN serves {@code Range: bytes=N-} with 206, and refuses requests with an Authorization header, as
 * signed S3/CloudFront URLs do;</li>
 * <li>{@link #cut} makes the next transfers of a file stop after a number of body bytes by closing the
 * connection;</li>
 * <li>{@link #renamedFrom} answers an old repository name with a relative redirect, as after a rename.</li>
 * </ul>
 * Every request is recorded.
 */
public final class FakeHub implements AutoCloseable {
	public static final String REPO = "CompVis/stable-diffusion-v1-4";
	public static final String COMMIT = "133a221b8aa7292a167afc5127cb63fb5005638b";
	public static final String TOKEN = "hf_fake_token_with_access";

	/** One request as the servers saw it. */
	static final class Request {
		final String server, method, path, range, authorization;

		Request(String server, HttpExchange x) {
			this.server = server;
			this.method = x.getRequestMethod();
			this.path = x.getRequestURI().getRawPath();
			this.range = x.getRequestHeaders().getFirst("Range");
			this.authorization = x.getRequestHeaders().getFirst("Authorization");
		}

		@Override
		public String toString() {
			return server + " " + method + " " + path + (range == null ? "" : " " + range) +
				(authorization == null ? "" : " (auth)");
		}
	}

	private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
	private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

	private final HttpServer hub, cdn;
	private final ExecutorService threads = Executors.newCachedThreadPool();
	private final Map<String, byte[]> files = new ConcurrentHashMap<>();
	private final Map<String, String> pathBySha256 = new ConcurrentHashMap<>();
	private final Map<String, Deque<Long>> cuts = new ConcurrentHashMap<>();
	private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
	private volatile String gateToken;
	private volatile String oldName;
	private volatile boolean ignoreRanges, refuseRanges;
	private volatile int cdnFailure;
	private final Map<String, String> misreported = new ConcurrentHashMap<>();

	private FakeHub() throws IOException {
		InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		hub = HttpServer.create(local, 0);
		cdn = HttpServer.create(local, 0);
		hub.createContext("/", x -> handle("hub", x));
		cdn.createContext("/", x -> handle("cdn", x));
		hub.setExecutor(threads);
		cdn.setExecutor(threads);
		hub.start();
		cdn.start();
	}

	/** A hub whose repository {@link #REPO} holds every file under {@code model} (read, never written). */
	public static FakeHub serving(Path model) throws IOException {
		FakeHub fake = new FakeHub();
		try (Stream<Path> walk = Files.walk(model)) {
			for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList()))
				fake.put(model.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
		}
		return fake;
	}

	public String endpoint() {
		return "http://127.0.0.1:" + hub.getAddress().getPort();
	}

	void put(String path, byte[] contents) {
		files.put(path, contents);
		pathBySha256.put(sha256(contents), path);
	}

	public byte[] file(String path) {
		return files.get(path);
	}

	/** Makes the repository gated: only {@link #TOKEN} gets through. */
	public void gate() {
		gateToken = TOKEN;
	}

	/** The next transfers of {@code path} (one per limit) send only that many body bytes, then hang up. */
	void cut(String path, long... limits) {
		Deque<Long> queue = cuts.computeIfAbsent(path, p -> new ArrayDeque<>());
		for (long limit : limits) queue.add(limit);
	}

	void renamedFrom(String repo) {
		oldName = repo;
	}

	/** Makes the CDN answer every request with {@code code}, as S3 does for an expired signature (403). */
	void failCdn(int code) {
		cdnFailure = code;
	}

	/** Answers range requests with the whole file (200), as servers without range support do. */
	void ignoreRanges() {
		ignoreRanges = true;
	}

	/** Answers every range request with 416 Range Not Satisfiable. */
	void refuseRanges() {
		refuseRanges = true;
	}

	/** Advertises a wrong sha256 (X-Linked-Etag) for {@code path}, as a corrupted transfer would look. */
	void misreportSha256(String path) {
		misreported.put(path, sha256(new byte[0]));
	}

	List<Request> requests() {
		synchronized (requests) {
			return new ArrayList<>(requests);
		}
	}

	/** The recorded requests whose path ends with {@code suffix}. */
	List<Request> requests(String server, String method, String suffix) {
		return requests().stream().filter(r -> r.server.equals(server) && r.method.equals(method) &&
			r.path.endsWith(suffix)).collect(Collectors.toList());
	}

	public static String sha256(byte[] data) {
		return hex(digest("SHA-256", data));
	}

	/** The git blob id: sha1 of {@code "blob <length>\0"} followed by the contents. */
	static String gitSha1(byte[] data) {
		byte[] header = ("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[header.length + data.length];
		System.arraycopy(header, 0, all, 0, header.length);
		System.arraycopy(data, 0, all, header.length, data.length);
		return hex(digest("SHA-1", all));
	}

	@Override
	public void close() {
		hub.stop(0);
		cdn.stop(0);
		threads.shutdownNow();
	}

	private void handle(String server, HttpExchange x) throws IOException {
		requests.add(new Request(server, x));
		try {
			if (server.equals("cdn")) serveCdn(x);
			else serveHub(x);
		}
		finally {
			x.close();
		}
	}

	private void serveHub(HttpExchange x) throws IOException {
		Matcher m = RESOLVE.matcher(x.getRequestURI().getRawPath());
		if (!m.matches()) {
			send(x, 404, null);
			return;
		}
		String repo = m.group(1), revision = decode(m.group(2)), path = decode(m.group(3));
		if (repo.equals(oldName)) {
			x.getResponseHeaders().set("Location", "/" + REPO + "/resolve/" + m.group(2) + "/" + m.group(3));
			send(x, 307, null);
			return;
		}
		if (!repo.equals(REPO)) {
			send(x, 401, "RepoNotFound"); // as the hub: private and missing repositories look alike
			return;
		}
		String auth = x.getRequestHeaders().getFirst("Authorization");
		if (gateToken != null && auth == null) {
			send(x, 401, "GatedRepo");
			return;
		}
		if (gateToken != null && !auth.equals("Bearer " + gateToken)) {
			send(x, 403, "GatedRepo");
			return;
		}
		if (!revision.equals("main") && !revision.equals(COMMIT)) {
			send(x, 404, "RevisionNotFound");
			return;
		}
		x.getResponseHeaders().set("X-Repo-Commit", COMMIT);
		byte[] data = files.get(path);
		if (data == null) {
			send(x, 404, "EntryNotFound");
			return;
		}
		if (path.endsWith(".safetensors")) { // LFS: the contents live on the CDN under their sha256
			String sha = sha256(data);
			x.getResponseHeaders().set("ETag", "\"" + gitSha1(sha.getBytes(StandardCharsets.US_ASCII)) + "\"");
			x.getResponseHeaders().set("X-Linked-Etag", "\"" + misreported.getOrDefault(path, sha) + "\"");
			x.getResponseHeaders().set("X-Linked-Size", Long.toString(data.length));
			x.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/lfs/" + sha +
				"?X-Amz-Signature=signed");
			send(x, 302, null);
			return;
		}
		x.getResponseHeaders().set("ETag", "\"" + gitSha1(data) + "\"");
		sendFile(x, path, data);
	}

	private void serveCdn(HttpExchange x) throws IOException {
		if (x.getRequestHeaders().getFirst("Authorization") != null) { // S3: a signed URL plus a token is an error
			send(x, 400, null);
			return;
		}
		if (cdnFailure != 0) {
			send(x, cdnFailure, null);
			return;
		}
		String sha = x.getRequestURI().getRawPath().replaceFirst("^/lfs/", "");
		String path = pathBySha256.get(sha);
		if (path == null) {
			send(x, 404, null);
			return;
		}
		x.getResponseHeaders().set("ETag", "\"" + sha + "\"");
		sendFile(x, path, files.get(path));
	}

	/** The whole file, or from the start of a {@code Range: bytes=N-}; a pending {@link #cut} hangs up early. */
	private void sendFile(HttpExchange x, String path, byte[] data) throws IOException {
		x.getResponseHeaders().set("Accept-Ranges", "bytes");
		int from = 0, code = 200;
		String range = ignoreRanges ? null : x.getRequestHeaders().getFirst("Range");
		if (range != null && refuseRanges) {
			x.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
			send(x, 416, null);
			return;
		}
		if (range != null) {
			Matcher m = RANGE.matcher(range);
			if (!m.matches() || Long.parseLong(m.group(1)) >= data.length) {
				x.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
				send(x, 416, null);
				return;
			}
			from = Integer.parseInt(m.group(1));
			code = 206;
			x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
		}
		int length = data.length - from;
		if (x.getRequestMethod().equals("HEAD")) {
			x.getResponseHeaders().set("Content-Length", Integer.toString(length));
			x.sendResponseHeaders(code, -1);
			return;
		}
		x.sendResponseHeaders(code, length);
		Deque<Long> limits = cuts.get(path);
		Long limit = limits == null ? null : limits.poll();
		OutputStream body = x.getResponseBody();
		if (limit == null || limit >= length) {
			body.write(data, from, length);
			return;
		}
		body.write(data, from, (int) (long) limit);
		body.flush();
		throw new IOException("cut after " + limit + " bytes"); // the server closes the connection mid-body
	}

	private static void send(HttpExchange x, int code, String errorCode) throws IOException {
		if (errorCode != null) x.getResponseHeaders().set("X-Error-Code", errorCode);
		x.sendResponseHeaders(code, -1);
	}

	private static String decode(String s) {
		return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static byte[] digest(String algorithm, byte[] data) {
		try {
			return MessageDigest.getInstance(algorithm).digest(data);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hex(byte[] bytes) {
		StringBuilder b = new StringBuilder();
		for (byte v : bytes) b.append(String.format("%02x", v & 0xff));
		return b.toString();
	}

}
