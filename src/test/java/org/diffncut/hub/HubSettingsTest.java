package org.diffncut.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precedence of explicit values and environment variables. Reference: huggingface_hub's constants.py
 * (HF_HOME, XDG_CACHE_HOME, HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_ENDPOINT, HF_TOKEN_PATH, HF_HUB_OFFLINE,
 * TRANSFORMERS_OFFLINE) and utils/_auth.py (HF_TOKEN, HUGGING_FACE_HUB_TOKEN, the token file, _clean_token).
 */
class HubSettingsTest {
	@TempDir
	Path home;
	private final Map<String, String> env = new HashMap<>();

	@Test
	void defaultsFollowTheUsersHome() throws HubException {
		HubSettings s = settings();
		assertEquals(home.resolve(".cache/huggingface/hub"), s.cache);
		assertEquals("https://huggingface.co", s.endpoint);
		assertNull(s.token);
		assertFalse(s.offline);
	}

	@Test
	void theCacheFollowsXdgThenHfHomeThenTheLegacyThenTheNewVariable() throws HubException {
		env.put("XDG_CACHE_HOME", "/xdg");
		assertEquals(Path.of("/xdg/huggingface/hub"), settings().cache);
		env.put("HF_HOME", "~/hf");
		assertEquals(home.resolve("hf/hub"), settings().cache);
		env.put("HUGGINGFACE_HUB_CACHE", "/legacy");
		assertEquals(Path.of("/legacy"), settings().cache);
		env.put("HF_HUB_CACHE", "/new");
		assertEquals(Path.of("/new"), settings().cache);
		assertEquals(Path.of("/explicit"), HubSettings.resolve(env, home, Path.of("/explicit"), null, null).cache);
	}

	@Test
	void blankVariablesCountAsUnset() throws HubException {
		env.put("HF_HUB_CACHE", " ");
		env.put("HF_ENDPOINT", "");
		env.put("HF_TOKEN", "\n");
		HubSettings s = settings();
		assertEquals(home.resolve(".cache/huggingface/hub"), s.cache);
		assertEquals("https://huggingface.co", s.endpoint);
		assertNull(s.token);
	}

	@Test
	void theEndpointLosesItsTrailingSlash() throws HubException {
		env.put("HF_ENDPOINT", "https://hf-mirror.com/");
		assertEquals("https://hf-mirror.com", settings().endpoint);
		assertEquals("http://127.0.0.1:8080", HubSettings.resolve(env, home, null, "http://127.0.0.1:8080", null).endpoint);
	}

	@Test
	void anEndpointThatIsNoHttpUrlIsRefused() {
		HubException e = assertThrows(HubException.class, () -> HubSettings.resolve(env, home, null, "huggingface.co", null));
		assertEquals("hub endpoint 'huggingface.co' is not an http(s) URL: pass one like https://huggingface.co " +
			"(--endpoint or HF_ENDPOINT)", e.getMessage());
	}

	@Test
	void theTokenComesFromTheOptionThenHfTokenThenTheLegacyVariableThenTheFile() throws IOException {
		Path file = home.resolve(".cache/huggingface/token");
		Files.createDirectories(file.getParent());
		Files.write(file, " hf_file\r\n".getBytes(StandardCharsets.UTF_8));
		assertEquals("hf_file", settings().token);
		env.put("HF_TOKEN_PATH", home.resolve("elsewhere").toString());
		assertNull(settings().token);
		env.put("HUGGING_FACE_HUB_TOKEN", "hf_legacy");
		assertEquals("hf_legacy", settings().token);
		env.put("HF_TOKEN", "hf_env");
		assertEquals("hf_env", settings().token);
		assertEquals("hf_option", HubSettings.resolve(env, home, null, null, "hf_option").token);
	}

	@Test
	void offlineIsOneOfTheTrueWordsOfEitherVariable() throws HubException {
		for (String yes : new String[] { "1", "ON", "yes", "True" }) {
			env.put("HF_HUB_OFFLINE", yes);
			assertTrue(settings().offline, yes);
		}
		env.put("HF_HUB_OFFLINE", "0");
		assertFalse(settings().offline);
		env.remove("HF_HUB_OFFLINE");
		env.put("TRANSFORMERS_OFFLINE", "1");
		assertTrue(settings().offline);
	}

	private HubSettings settings() throws HubException {
		return HubSettings.resolve(env, home, null, null, null);
	}
}
