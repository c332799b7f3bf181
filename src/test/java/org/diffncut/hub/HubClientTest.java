package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.diffncut.Cancel;
import org.diffncut.Fixtures;
import org.diffncut.Progress;
import org.diffncut.hub.HubClient.FileInfo;
import org.diffncut.hub.HubException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HubClient} against {@link FakeHub} serving the tiny SD 1.4 fixture. References: the headers and
 * redirects huggingface_hub reads (src/huggingface_hub/file_download.py), RFC 9110 ranges, and the fixture
 * bytes themselves.
 */
class HubClientTest {
	private static final String UNET = "unet/diffusion_pytorch_model.safetensors";
	private static final String CONFIG = "unet/config.json";

	@TempDir
	Path tmp;
	private FakeHub hub;

	@BeforeEach
	void start() throws IOException {
		hub = FakeHub.serving(Fixtures.tinySd14().resolve("model"));
	}

	@AfterEach
	void stop() {
		hub.close();
	}

	@Test
	void metadataOfAnLfsFileComesFromTheRedirectWithoutFollowingIt() throws IOException {
		byte[] unet = hub.file(UNET);
		FileInfo info = client(null).metadata("main", UNET);
		assertEquals(FakeHub.COMMIT, info.commit);
		assertEquals(FakeHub.sha256(unet), info.etag);
		assertEquals(unet.length, info.size);
		assertTrue(info.isSha256());
		assertEquals(0, hub.requests("cdn", "HEAD", "").size());
	}

	@Test
	void metadataOfASmallFileIsItsGitBlobId() throws IOException {
		byte[] config = hub.file(CONFIG);
		FileInfo info = client(null).metadata("main", CONFIG);
		assertEquals(FakeHub.gitSha1(config), info.etag);
		assertEquals(config.length, info.size);
		assertFalse(info.isSha256());
	}

	@Test
	void downloadFollowsTheRedirectAndSendsTheTokenToTheHubOnly() throws IOException {
		hub.gate();
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(FakeHub.TOKEN);
		client.download(client.metadata("main", UNET), UNET, incomplete, progress(), Cancel.NEVER);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(incomplete));
		List<FakeHub.Request> toHub = hub.requests("hub", "GET", UNET);
		List<FakeHub.Request> toCdn = hub.requests("cdn", "GET", "");
		assertEquals(1, toHub.size());
		assertEquals("Bearer " + FakeHub.TOKEN, toHub.get(0).authorization);
		assertEquals(1, toCdn.size());
		assertNull(toCdn.get(0).authorization); // the CDN would answer 400 to a token
	}

	@Test
	void aTransferCutMidFileIsResumedWithARangeInTheSameCall() throws IOException {
		hub.cut(UNET, 3_000_000);
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(null);
		client.download(client.metadata("main", UNET), UNET, incomplete, progress(), Cancel.NEVER);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(incomplete));
		assertEquals(Arrays.asList(null, "bytes=3000000-"), ranges(hub.requests("cdn", "GET", "")));
	}

	@Test
	void aTransferThatMakesNoProgressStopsAndTheNextCallResumesIt() throws IOException {
		hub.cut(UNET, 3_000_000, 0);
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(null);
		FileInfo info = client.metadata("main", UNET);
		HubException e = assertThrows(HubException.class,
			() -> client.download(info, UNET, incomplete, progress(), Cancel.NEVER));
		assertEquals(Kind.INCOMPLETE, e.kind());
		assertTrue(e.getMessage().startsWith("download of " + UNET + " of " + FakeHub.REPO + " stopped at 3.00 MB of " +
			"9.87 MB"), e.getMessage());
		assertTrue(e.getMessage().endsWith(": run the same command again to resume"), e.getMessage());
		assertArrayEquals(Arrays.copyOf(hub.file(UNET), 3_000_000), Files.readAllBytes(incomplete));

		client.download(info, UNET, incomplete, progress(), Cancel.NEVER);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(incomplete));
		assertEquals(Arrays.asList(null, "bytes=3000000-", "bytes=3000000-"), ranges(hub.requests("cdn", "GET", "")));
	}

	@Test
	void aServerThatIgnoresTheRangeIsReadFromTheStart() throws IOException {
		hub.cut(UNET, 3_000_000, 0);
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(null);
		FileInfo info = client.metadata("main", UNET);
		assertThrows(HubException.class, () -> client.download(info, UNET, incomplete, progress(), Cancel.NEVER));
		hub.ignoreRanges();
		client.download(info, UNET, incomplete, progress(), Cancel.NEVER);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(incomplete));
	}

	@Test
	void aRangeTheServerCannotSatisfyRestartsTheTransfer() throws IOException {
		Path incomplete = tmp.resolve("blob.incomplete");
		Files.write(incomplete, new byte[] { 1, 2, 3 }); // not a prefix the server knows of
		hub.refuseRanges();
		HubClient client = client(null);
		client.download(client.metadata("main", UNET), UNET, incomplete, progress(), Cancel.NEVER);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(incomplete));
		assertEquals(Arrays.asList("bytes=3-", null), ranges(hub.requests("cdn", "GET", "")));
	}

	@Test
	void contentsThatDoNotMatchTheSha256AreDeleted() throws IOException {
		hub.misreportSha256(UNET);
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(null);
		FileInfo info = client.metadata("main", UNET);
		HubException e = assertThrows(HubException.class,
			() -> client.download(info, UNET, incomplete, progress(), Cancel.NEVER));
		assertEquals(Kind.CORRUPT, e.kind());
		assertTrue(e.getMessage().contains("does not match its sha256"), e.getMessage());
		assertFalse(Files.exists(incomplete));
	}

	@Test
	void anErrorOfTheCdnIsNotMistakenForAGatedRepository() throws IOException {
		hub.failCdn(403);
		HubClient client = client(null);
		FileInfo info = client.metadata("main", UNET);
		HubException e = assertThrows(HubException.class,
			() -> client.download(info, UNET, tmp.resolve("blob.incomplete"), progress(), Cancel.NEVER));
		assertEquals(Kind.HUB_ERROR, e.kind());
		assertTrue(e.getMessage().startsWith("the download server http://127.0.0.1:"), e.getMessage());
		assertTrue(e.getMessage().contains(" answered HTTP 403: run again (its links expire)"), e.getMessage());
	}

	@Test
	void anEmptyFileIsDownloadedAsAnEmptyFile() throws IOException {
		hub.put("scheduler/empty.json", new byte[0]);
		Path incomplete = tmp.resolve("blob.incomplete");
		HubClient client = client(null);
		client.download(client.metadata("main", "scheduler/empty.json"), "scheduler/empty.json", incomplete,
			progress(), Cancel.NEVER);
		assertEquals(0, Files.size(incomplete));
	}

	@Test
	void aRenamedRepositoryIsFollowedOnTheSameHub() throws IOException {
		hub.renamedFrom("CompVis/old-name");
		FileInfo info = new HubClient(hub.endpoint(), "CompVis/old-name", "main", null).metadata("main", CONFIG);
		assertEquals(FakeHub.gitSha1(hub.file(CONFIG)), info.etag);
	}

	@Test
	void gatedWithoutATokenSaysToAcceptTheLicenceAndPassAToken() {
		hub.gate();
		HubException e = assertThrows(HubException.class, () -> client(null).metadata("main", CONFIG));
		assertEquals(Kind.ACCESS_DENIED, e.kind());
		assertEquals(FakeHub.REPO + " needs a Hugging Face token, or does not exist (HTTP 401): check the repo id; " +
			"if it is gated, accept the licence on " + hub.endpoint() + "/" + FakeHub.REPO + " and pass a token with " +
			"--token or HF_TOKEN", e.getMessage());
	}

	@Test
	void gatedWithATokenWithoutAccessSaysToAcceptTheLicence() {
		hub.gate();
		HubException e = assertThrows(HubException.class, () -> client("hf_no_access").metadata("main", CONFIG));
		assertEquals(Kind.ACCESS_DENIED, e.kind());
		assertEquals(FakeHub.REPO + " is gated and the token has no access to it (HTTP 403): accept the licence on " +
			hub.endpoint() + "/" + FakeHub.REPO + " and pass a token with --token or HF_TOKEN", e.getMessage());
	}

	@Test
	void aMissingFileNamesRepoRevisionAndFile() {
		HubException e = assertThrows(HubException.class, () -> client(null).metadata("main", "vae/nothing.json"));
		assertEquals(Kind.NOT_FOUND, e.kind());
		assertTrue(e.getMessage().startsWith("repository " + FakeHub.REPO + " at revision 'main' has no file " +
			"vae/nothing.json on " + hub.endpoint() + " (HTTP 404)"), e.getMessage());
	}

	@Test
	void aMissingVariantSaysToDropIt() {
		HubException e = assertThrows(HubException.class,
			() -> client(null).metadata("main", "unet/diffusion_pytorch_model.fp16.safetensors"));
		assertTrue(e.getMessage().endsWith(": it may not publish fp16 weights; drop --variant fp16"), e.getMessage());
	}

	@Test
	void aMissingRevisionSaysToCheckIt() {
		HubClient client = new HubClient(hub.endpoint(), FakeHub.REPO, "v9", null);
		HubException e = assertThrows(HubException.class, () -> client.metadata("v9", CONFIG));
		assertEquals("repository " + FakeHub.REPO + " has no revision 'v9' (HTTP 404): check --revision",
			e.getMessage());
	}

	@Test
	void anUnreachableHubSaysWhatToDo() throws IOException {
		String endpoint = hub.endpoint();
		hub.close();
		HubException e = assertThrows(HubException.class,
			() -> new HubClient(endpoint, FakeHub.REPO, "main", null).metadata("main", CONFIG));
		assertEquals(Kind.UNREACHABLE, e.kind());
		assertTrue(e.getMessage().startsWith("cannot reach " + endpoint + ": check the connection, or use a local " +
			"folder / a cached copy with HF_HUB_OFFLINE=1"), e.getMessage());
	}

	@Test
	void revisionsAreQuotedAsAPathSegment() {
		// as Python's quote(revision, safe=""): refs/pr/1 becomes one segment
		assertEquals("refs%2Fpr%2F1", HubClient.encode("refs/pr/1", false));
		assertEquals("unet/a%20b%C3%A9.json", HubClient.encode("unet/a bé.json", true));
	}

	private HubClient client(String token) {
		return new HubClient(hub.endpoint(), FakeHub.REPO, "main", token);
	}

	private static TransferProgress progress() {
		return new TransferProgress(Progress.NONE, 0);
	}

	private static List<String> ranges(List<FakeHub.Request> requests) {
		return requests.stream().map(r -> r.range).collect(Collectors.toList());
	}
}
