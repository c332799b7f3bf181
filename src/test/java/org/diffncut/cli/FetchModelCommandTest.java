package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.diffncut.Fixtures;
import org.diffncut.hub.FakeHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** {@code diffncut fetch-model} against {@link FakeHub} serving the tiny SD 1.4 fixture. */
class FetchModelCommandTest {
	@TempDir
	Path tmp;
	private FakeHub hub;
	private final StringWriter out = new StringWriter(), err = new StringWriter();

	@BeforeEach
	void start() throws IOException {
		hub = FakeHub.serving(Fixtures.tinySd14().resolve("model"));
	}

	@AfterEach
	void stop() {
		hub.close();
	}

	@Test
	void printsTheSnapshotFolderAfterAProgressBar() throws IOException {
		hub.gate();
		Path cache = tmp.resolve("cache");
		int code = run("--repo", FakeHub.REPO, "--endpoint", hub.endpoint(), "--token", FakeHub.TOKEN,
			"--cache-dir", cache.toString());
		assertEquals(0, code, err.toString());
		Path snapshot = cache.resolve("models--CompVis--stable-diffusion-v1-4/snapshots/" + FakeHub.COMMIT);
		assertEquals(snapshot + System.lineSeparator(), out.toString());
		String unet = "unet/diffusion_pytorch_model.safetensors";
		assertArrayEquals(hub.file(unet), Files.readAllBytes(snapshot.resolve(unet)));
		assertTrue(err.toString().contains("[##############################] 100% downloaded 21.9 MB"), err.toString());
	}

	@Test
	void readsTheHubSettingsFromTheEnvironment() {
		Map<String, String> env = new HashMap<>();
		env.put("HF_HOME", tmp.toString());
		env.put("HF_ENDPOINT", hub.endpoint());
		assertEquals(0, run(env), err.toString());
		assertEquals(tmp.resolve("hub/models--CompVis--stable-diffusion-v1-4/snapshots/" + FakeHub.COMMIT) +
			System.lineSeparator(), out.toString());
	}

	@Test
	void isASubcommandOfDiffncutAndFailsWithOneLine() {
		PrintWriter o = new PrintWriter(out), e = new PrintWriter(err);
		assertEquals(1, DiffNCut.execute(o, e, "fetch-model", "--repo", "not/a/repo"));
		assertEquals("diffncut: 'not/a/repo' is not a Hugging Face repo id (owner/name, letters, digits, '_', '-', " +
			"'.'): e.g. CompVis/stable-diffusion-v1-4" + System.lineSeparator(), err.toString());
	}

	private int run(String... args) {
		Map<String, String> env = new HashMap<>();
		env.put("HF_HOME", tmp.resolve("hf-home").toString());
		return run(env, args);
	}

	private int run(Map<String, String> env, String... args) {
		return DiffNCut.commandLine(new FetchModelCommand(env)).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
			.execute(args);
	}
}
