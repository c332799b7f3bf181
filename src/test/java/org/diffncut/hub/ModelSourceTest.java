package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Fixtures;
import org.diffncut.Progress;
import org.diffncut.hub.HubException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelSource} against {@link FakeHub} serving the tiny SD 1.4 fixture, with an injected environment
 * that points every Hugging Face location into the test's temporary folder. The reference for the cache is
 * huggingface_hub's layout (src/huggingface_hub/file_download.py: refs/, blobs/ named by etag, snapshots/ of
 * relative symlinks, .no_exist/); for the contents, the fixture files themselves.
 */
class ModelSourceTest {
	private static final Path MODEL = Fixtures.tinySd14().resolve("model");
	private static final List<String> REQUIRED = Arrays.asList("unet/config.json", "vae/config.json",
		"text_encoder/config.json", "scheduler/scheduler_config.json", "text_encoder/model.safetensors",
		"vae/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.safetensors");
	private static final String UNET = "unet/diffusion_pytorch_model.safetensors";
	private static final String TEXT = "text_encoder/model.safetensors";

	@TempDir
	Path tmp;
	private FakeHub hub;
	private Path cache;
	private Path repoFolder;
	private final Map<String, String> env = new HashMap<>();

	@BeforeEach
	void start() throws IOException {
		hub = FakeHub.serving(MODEL);
		hub.put("unet/diffusion_pytorch_model.bin", new byte[] { 1 }); // never needed
		hub.put("safety_checker/model.safetensors", new byte[] { 2 });
		cache = tmp.resolve("hub-cache");
		repoFolder = cache.resolve("models--CompVis--stable-diffusion-v1-4");
		env.put("HF_HOME", tmp.resolve("hf-home").toString());
		env.put("HF_HUB_CACHE", cache.toString());
		env.put("HF_ENDPOINT", hub.endpoint());
	}

	@AfterEach
	void stop() {
		hub.close();
	}

	@Test
	void aRepoIdIsDownloadedIntoTheHubCacheLayout() throws IOException {
		List<Double> fractions = new ArrayList<>();
		List<String> stages = new ArrayList<>();
		Path snapshot = ModelSource.resolve(FakeHub.REPO, options(), (f, s) -> {
			fractions.add(f);
			stages.add(s);
		});

		assertEquals(repoFolder.resolve("snapshots").resolve(FakeHub.COMMIT), snapshot);
		assertEquals(FakeHub.COMMIT, read(repoFolder.resolve("refs/main")));
		for (String path : REQUIRED) {
			Path pointer = snapshot.resolve(path);
			byte[] contents = hub.file(path);
			String etag = path.endsWith(".safetensors") ? FakeHub.sha256(contents) : FakeHub.gitSha1(contents);
			assertTrue(Files.isSymbolicLink(pointer), path);
			assertEquals(Paths.get("../../../blobs", etag), Files.readSymbolicLink(pointer), path);
			assertArrayEquals(contents, Files.readAllBytes(pointer), path);
		}
		assertTrue(Files.isRegularFile(repoFolder.resolve(".no_exist").resolve(FakeHub.COMMIT).resolve("model_index.json")));
		assertEquals(REQUIRED.size(), list(repoFolder.resolve("blobs")).size()); // no .incomplete left

		List<String> fetched = hub.requests().stream().map(r -> r.path).distinct().collect(Collectors.toList());
		assertFalse(fetched.stream().anyMatch(p -> p.endsWith(".bin") || p.contains("safety_checker")), fetched.toString());

		for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1), fractions.toString());
		assertEquals(1.0, fractions.get(fractions.size() - 1));
		assertTrue(stages.stream().anyMatch(s -> s.startsWith(UNET + ": ")), stages.toString());
	}

	@Test
	void aCachedBranchCostsOneMetadataRequest() throws IOException {
		Path first = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		int before = hub.requests().size();
		List<Double> reports = new ArrayList<>();
		assertEquals(first, ModelSource.resolve(FakeHub.REPO, options(), (f, s) -> reports.add(f)));
		List<FakeHub.Request> after = hub.requests().subList(before, hub.requests().size());
		assertEquals(1, after.size(), after.toString());
		assertEquals("HEAD", after.get(0).method);
		assertTrue(reports.isEmpty());
	}

	@Test
	void aCachedCommitNeedsNoNetwork() throws IOException {
		Path first = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		hub.close();
		assertEquals(first, ModelSource.resolve(FakeHub.REPO, options().revision(FakeHub.COMMIT), Progress.NONE));
	}

	@Test
	void anUnreachableHubFallsBackToTheCachedSnapshotOfTheBranch() throws IOException {
		Path first = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		hub.close();
		List<String> stages = new ArrayList<>();
		assertEquals(first, ModelSource.resolve(FakeHub.REPO, options(), (f, s) -> stages.add(s)));
		assertTrue(stages.get(0).startsWith("using the cached " + FakeHub.REPO + " (cannot reach "), stages.toString());
	}

	@Test
	void anUnreachableHubWithoutACacheSaysWhatToDo() {
		String endpoint = hub.endpoint();
		hub.close();
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertEquals(Kind.UNREACHABLE, e.kind());
		assertTrue(e.getMessage().startsWith("cannot reach " + endpoint + ": check the connection, or use a local " +
			"folder / a cached copy with HF_HUB_OFFLINE=1"), e.getMessage());
	}

	@Test
	void offlineModeReadsTheCacheWithoutAnyRequest() throws IOException {
		Path first = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		int before = hub.requests().size();
		env.put("HF_HUB_OFFLINE", "1");
		assertEquals(first, ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertEquals(before, hub.requests().size());
	}

	@Test
	void offlineModeWithoutTheRepoSaysHowToGetIt() {
		env.put("HF_HUB_OFFLINE", "true");
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertEquals(Kind.NOT_CACHED, e.kind());
		assertEquals("HF_HUB_OFFLINE is set and the cache " + cache + " has no " + FakeHub.REPO + " at revision 'main': " +
			"unset HF_HUB_OFFLINE and run 'diffncut fetch-model --repo " + FakeHub.REPO + "', or give a model folder",
			e.getMessage());
		assertTrue(hub.requests().isEmpty());
	}

	@Test
	void offlineModeWithAFileMissingFromTheCacheNamesIt() throws IOException {
		Path snapshot = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		Files.delete(snapshot.resolve(TEXT));
		env.put("HF_HUB_OFFLINE", "1");
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertTrue(e.getMessage().contains(") has no " + TEXT + ": unset HF_HUB_OFFLINE"), e.getMessage());
	}

	@Test
	void aFileMissingFromTheSnapshotIsRelinkedFromItsBlobOrDownloadedAlone() throws IOException {
		Path snapshot = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		int before = hub.requests().size();
		Files.delete(snapshot.resolve(TEXT)); // the link only: the blob stays
		ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		assertEquals(1, hub.requests("cdn", "GET", FakeHub.sha256(hub.file(TEXT))).size()); // no new transfer
		assertArrayEquals(hub.file(TEXT), Files.readAllBytes(snapshot.resolve(TEXT)));

		Files.delete(snapshot.resolve(TEXT));
		Files.delete(repoFolder.resolve("blobs").resolve(FakeHub.sha256(hub.file(TEXT))));
		ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		List<String> gets = hub.requests().subList(before, hub.requests().size()).stream()
			.filter(r -> r.method.equals("GET")).map(r -> r.server + " " + r.path).collect(Collectors.toList());
		assertEquals(Arrays.asList("hub /" + FakeHub.REPO + "/resolve/" + FakeHub.COMMIT + "/" + TEXT,
			"cdn /lfs/" + FakeHub.sha256(hub.file(TEXT))), gets);
		assertArrayEquals(hub.file(TEXT), Files.readAllBytes(snapshot.resolve(TEXT)));
	}

	@Test
	void anInterruptedRunLeavesNoFileWhereAModelIsExpectedAndTheNextRunResumes() throws IOException {
		hub.cut(UNET, 3_000_000, 0);
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertEquals(Kind.INCOMPLETE, e.kind());
		Path blob = repoFolder.resolve("blobs").resolve(FakeHub.sha256(hub.file(UNET)));
		Path snapshot = repoFolder.resolve("snapshots").resolve(FakeHub.COMMIT);
		assertFalse(Files.exists(blob));
		assertFalse(Files.exists(snapshot.resolve(UNET), LinkOption.NOFOLLOW_LINKS));
		assertEquals(3_000_000, Files.size(HubCache.incomplete(blob)));

		ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		List<FakeHub.Request> transfers = hub.requests("cdn", "GET", FakeHub.sha256(hub.file(UNET)));
		assertEquals("bytes=3000000-", transfers.get(transfers.size() - 1).range);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(snapshot.resolve(UNET)));
		assertFalse(Files.exists(HubCache.incomplete(blob)));
	}

	@Test
	void aCanceledDownloadKeepsItsBytesForTheNextRun() throws IOException {
		Path incomplete = HubCache.incomplete(repoFolder.resolve("blobs").resolve(FakeHub.sha256(hub.file(TEXT))));
		ModelSource.Options canceling = options().cancel(() -> sizeOf(incomplete) > 0);
		assertThrows(CancellationException.class, () -> ModelSource.resolve(FakeHub.REPO, canceling, Progress.NONE));
		long kept = sizeOf(incomplete);
		assertTrue(kept > 0);

		Path snapshot = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		List<FakeHub.Request> transfers = hub.requests("cdn", "GET", FakeHub.sha256(hub.file(TEXT)));
		assertEquals("bytes=" + kept + "-", transfers.get(transfers.size() - 1).range);
		assertArrayEquals(hub.file(TEXT), Files.readAllBytes(snapshot.resolve(TEXT)));
	}

	@Test
	void aCachedBlobOfTheWrongSizeIsReportedAndLeftAlone() throws IOException {
		Path blob = repoFolder.resolve("blobs").resolve(FakeHub.sha256(hub.file(TEXT)));
		Files.createDirectories(blob.getParent());
		Files.write(blob, new byte[] { 42 });
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE));
		assertEquals(Kind.CORRUPT, e.kind());
		assertEquals("the cached " + TEXT + " of " + FakeHub.REPO + " (" + blob + ") has 1 bytes, the hub says " +
			hub.file(TEXT).length + ": delete that file and run again", e.getMessage());
		assertArrayEquals(new byte[] { 42 }, Files.readAllBytes(blob));
	}

	@Test
	void aGatedModelIsFetchedWithTheTokenOfALogin() throws IOException {
		hub.gate();
		Path tokenFile = tmp.resolve("hf-home/token");
		Files.createDirectories(tokenFile.getParent());
		Files.write(tokenFile, (FakeHub.TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
		Path snapshot = ModelSource.resolve(FakeHub.REPO, options(), Progress.NONE);
		assertArrayEquals(hub.file(UNET), Files.readAllBytes(snapshot.resolve(UNET)));
		assertTrue(hub.requests().stream().filter(r -> r.server.equals("cdn")).allMatch(r -> r.authorization == null));
	}

	@Test
	void theFp16VariantFetchesOnlyItsWeights() throws IOException {
		ModelFiles fp16 = ModelFiles.of("fp16");
		for (String path : Arrays.asList(fp16.unetWeights(), fp16.vaeWeights(), fp16.textEncoderWeights()))
			hub.put(path, ("half " + path).getBytes(StandardCharsets.UTF_8));
		Path snapshot = ModelSource.resolve(FakeHub.REPO, options().variant("fp16"), Progress.NONE);
		assertEquals("half " + fp16.unetWeights(), read(snapshot.resolve("unet/diffusion_pytorch_model.fp16.safetensors")));
		assertFalse(Files.exists(snapshot.resolve(UNET)));
		assertTrue(hub.requests("hub", "GET", UNET).isEmpty());
	}

	@Test
	void anExistingFolderIsUsedAsItIsWithoutNetwork() throws IOException {
		hub.close();
		assertEquals(MODEL, ModelSource.resolve(MODEL.toString(), options(), Progress.NONE));
	}

	@Test
	void aFolderMissingAConfigSaysWhichAndWhy() throws IOException {
		Path folder = tmp.resolve("partial");
		Files.createDirectories(folder.resolve("vae"));
		HubException e = assertThrows(HubException.class,
			() -> ModelSource.resolve(folder.toString(), options(), Progress.NONE));
		assertEquals(Kind.BAD_LAYOUT, e.kind());
		assertEquals("model folder " + folder + " has no unet/config.json: is this a diffusers-layout Stable " +
			"Diffusion 1.x folder?", e.getMessage());
	}

	@Test
	void aSpecThatIsNeitherFolderNorRepoIdSaysWhatIsExpected() {
		String spec = tmp.resolve("no/such/model").toString();
		HubException e = assertThrows(HubException.class, () -> ModelSource.resolve(spec, options(), Progress.NONE));
		assertEquals(Kind.NOT_FOUND, e.kind());
		assertTrue(e.getMessage().startsWith("no model folder " + spec + ", and '" + spec + "' is not a Hugging Face " +
			"repo id (owner/name)"), e.getMessage());
		assertTrue(hub.requests().isEmpty());
	}

	@Test
	void repoIdsFollowTheHubRules() {
		assertTrue(ModelSource.isRepoId("CompVis/stable-diffusion-v1-4"));
		assertTrue(ModelSource.isRepoId("runwayml/stable-diffusion-v1-5"));
		assertFalse(ModelSource.isRepoId("stable-diffusion-v1-4")); // the legacy ids without owner are not SD 1.x
		assertFalse(ModelSource.isRepoId("/models/sd14"));
		assertFalse(ModelSource.isRepoId("./sd14"));
		assertFalse(ModelSource.isRepoId("a/b/c"));
		assertFalse(ModelSource.isRepoId("a--b/c"));
		assertFalse(ModelSource.isRepoId("a/b..c"));
	}

	@Test
	void aRevisionThatWouldLeaveTheCacheIsRefused() {
		HubException e = assertThrows(HubException.class,
			() -> ModelSource.fetch(FakeHub.REPO, options().revision("../../x"), Progress.NONE));
		assertTrue(e.getMessage().startsWith("'../../x' is not a revision name"), e.getMessage());
	}

	private ModelSource.Options options() {
		return ModelSource.Options.of(env);
	}

	private static String read(Path p) throws IOException {
		return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
	}

	private static List<Path> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.collect(Collectors.toList());
		}
	}

	private static long sizeOf(Path p) {
		try {
			return Files.exists(p) ? Files.size(p) : 0;
		}
		catch (IOException e) {
			return 0;
		}
	}
}
