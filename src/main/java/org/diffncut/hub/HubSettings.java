package org.diffncut.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

/**
 * Cache folder, endpoint, token and offline switch, read from explicit values and the environment with
 * huggingface_hub's names and precedence (huggingface/huggingface_hub: src/huggingface_hub/constants.py and
 * utils/_auth.py), so a cache or a login made by Python tools is found here:
 * <ul>
 * <li>cache: explicit, {@code HF_HUB_CACHE}, {@code HUGGINGFACE_HUB_CACHE}, {@code $HF_HOME/hub},
 * {@code $XDG_CACHE_HOME/huggingface/hub}, {@code ~/.cache/huggingface/hub};</li>
 * <li>endpoint: explicit, {@code HF_ENDPOINT}, {@code https://huggingface.co};</li>
 * <li>token: explicit, {@code HF_TOKEN}, {@code HUGGING_FACE_HUB_TOKEN}, the file {@code HF_TOKEN_PATH} or
 * {@code $HF_HOME/token};</li>
 * <li>offline: {@code HF_HUB_OFFLINE} or {@code TRANSFORMERS_OFFLINE} set to 1, ON, YES or TRUE.</li>
 * </ul>
 * Blank values count as unset. A leading {@code ~} is the user's home.
 */
final class HubSettings {
	static final String DEFAULT_ENDPOINT = "https://huggingface.co";

	final Path cache;
	/** Without a trailing slash. */
	final String endpoint;
	/** {@code null} when there is none. */
	final String token;
	final boolean offline;

	private HubSettings(Path cache, String endpoint, String token, boolean offline) {
		this.cache = cache;
		this.endpoint = endpoint;
		this.token = token;
		this.offline = offline;
	}

	/**
	 * @param env the environment (tests pass their own map; never modified)
	 * @param userHome the folder {@code ~} stands for
	 * @param cacheDir explicit cache folder, or {@code null}
	 * @param endpoint explicit endpoint, or {@code null}
	 * @param token explicit token, or {@code null}
	 */
	static HubSettings resolve(Map<String, String> env, Path userHome, Path cacheDir, String endpoint, String token)
		throws HubException
	{
		Path home = firstPath(env, userHome, "HF_HOME");
		if (home == null) {
			Path xdg = firstPath(env, userHome, "XDG_CACHE_HOME");
			home = (xdg != null ? xdg : userHome.resolve(".cache")).resolve("huggingface");
		}
		Path cache = cacheDir != null ? expandHome(cacheDir.toString(), userHome) :
			firstPath(env, userHome, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE");
		if (cache == null) cache = home.resolve("hub");

		String url = blankToNull(endpoint);
		if (url == null) url = blankToNull(env.get("HF_ENDPOINT"));
		if (url == null) url = DEFAULT_ENDPOINT;

		String secret = clean(token);
		if (secret == null) secret = clean(env.get("HF_TOKEN"));
		if (secret == null) secret = clean(env.get("HUGGING_FACE_HUB_TOKEN"));
		if (secret == null) {
			Path file = firstPath(env, userHome, "HF_TOKEN_PATH");
			secret = readToken(file != null ? file : home.resolve("token"));
		}

		boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
		return new HubSettings(cache, checkEndpoint(url), secret, offline);
	}

	private static String checkEndpoint(String url) throws HubException {
		String trimmed = url.replaceAll("/+$", "");
		try {
			URI uri = new URI(trimmed);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return trimmed;
		}
		catch (URISyntaxException e) {
			// reported below
		}
		throw new HubException(HubException.Kind.NOT_FOUND, "hub endpoint '" + url +
			"' is not an http(s) URL: pass one like https://huggingface.co (--endpoint or HF_ENDPOINT)");
	}

	private static Path firstPath(Map<String, String> env, Path userHome, String... names) {
		for (String name : names) {
			String value = blankToNull(env.get(name));
			if (value != null) return expandHome(value, userHome);
		}
		return null;
	}

	private static Path expandHome(String path, Path userHome) {
		if (path.equals("~")) return userHome;
		if (path.startsWith("~/")) return userHome.resolve(path.substring(2));
		return Paths.get(path);
	}

	private static String readToken(Path file) {
		try {
			return clean(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			return null; // no login: public repositories need none, gated ones get a message saying what to do
		}
	}

	/** As huggingface_hub's {@code _clean_token}: no line breaks, no surrounding blanks, empty means none. */
	private static String clean(String token) {
		return token == null ? null : blankToNull(token.replace("\r", "").replace("\n", "").trim());
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	private static boolean isTrue(String value) {
		if (value == null) return false;
		String v = value.trim().toUpperCase(Locale.ROOT);
		return v.equals("1") || v.equals("ON") || v.equals("YES") || v.equals("TRUE");
	}
}
