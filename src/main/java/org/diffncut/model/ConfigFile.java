package org.diffncut.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One {@code config.json} of a diffusers component. Every accessor takes the default that diffusers (or
 * transformers) uses when the key is absent or null, so old configs that predate a key read as their library
 * reads them. A value of the wrong JSON type fails with a {@link ModelConfigException} naming file and key.
 */
final class ConfigFile {
	private final Path file;
	private final JsonObject json;

	private ConfigFile(Path file, JsonObject json) {
		this.file = file;
		this.json = json;
	}

	static ConfigFile read(Path file) throws IOException {
		String text;
		try {
			text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException e) {
			throw new ModelConfigException(file, "not found: is this a diffusers model folder (unet/, vae/, " +
				"text_encoder/, each with a config.json)?");
		}
		return parse(file, text);
	}

	/** Parses {@code text}; {@code file} only names the source in messages. */
	static ConfigFile parse(Path file, String text) throws ModelConfigException {
		try {
			JsonElement root = JsonParser.parseString(text);
			if (!root.isJsonObject()) throw new JsonParseException("not an object");
			return new ConfigFile(file, root.getAsJsonObject());
		}
		catch (JsonParseException e) {
			throw new ModelConfigException(file, "not valid JSON (" + e.getMessage() + ")");
		}
	}

	private JsonElement value(String key) {
		JsonElement v = json.get(key);
		return v == null || v.isJsonNull() ? null : v;
	}

	boolean has(String key) {
		return value(key) != null;
	}

	int integer(String key, int fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback;
		try {
			double d = v.getAsDouble();
			if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new NumberFormatException();
			return (int) d;
		}
		catch (UnsupportedOperationException | IllegalStateException | NumberFormatException e) {
			throw wrongType(key, "an integer");
		}
	}

	double number(String key, double fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback;
		try {
			return v.getAsDouble();
		}
		catch (UnsupportedOperationException | IllegalStateException | NumberFormatException e) {
			throw wrongType(key, "a number");
		}
	}

	boolean bool(String key, boolean fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback;
		if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) throw wrongType(key, "true or false");
		return v.getAsBoolean();
	}

	/** A string, or {@code fallback} (which may be null) when absent or null. */
	String string(String key, String fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback;
		if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) throw wrongType(key, "a string");
		return v.getAsString();
	}

	int[] integers(String key, int[] fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback.clone();
		if (!v.isJsonArray()) throw wrongType(key, "a list of integers");
		JsonArray a = v.getAsJsonArray();
		int[] out = new int[a.size()];
		for (int i = 0; i < out.length; i++) {
			JsonElement e = a.get(i);
			if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble()))
				throw wrongType(key, "a list of integers");
			out[i] = e.getAsInt();
		}
		return out;
	}

	String[] strings(String key, String[] fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return fallback.clone();
		if (!v.isJsonArray()) throw wrongType(key, "a list of strings");
		JsonArray a = v.getAsJsonArray();
		String[] out = new String[a.size()];
		for (int i = 0; i < out.length; i++) {
			JsonElement e = a.get(i);
			if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw wrongType(key, "a list of strings");
			out[i] = e.getAsString();
		}
		return out;
	}

	/** An integer applied to every one of {@code count} blocks, or a per-block list of exactly {@code count}. */
	int[] perBlock(String key, int count, int fallback) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return filled(count, fallback);
		if (v.isJsonArray()) {
			int[] list = integers(key, null);
			if (list.length != count) throw new ModelConfigException(file, "key '" + key + "' lists " + list.length +
				" values but the model has " + count + " blocks");
			return list;
		}
		return filled(count, integer(key, fallback));
	}

	private static int[] filled(int count, int value) {
		int[] out = new int[count];
		Arrays.fill(out, value);
		return out;
	}

	/**
	 * Fails unless {@code key} is absent, null, or equal to one of the {@code supported} values (compared as
	 * JSON: numbers by value, strings exactly).
	 */
	void require(String key, Object... supported) throws ModelConfigException {
		JsonElement v = value(key);
		if (v == null) return;
		for (Object s : supported) {
			if (s == null) continue;
			if (s instanceof Number && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() &&
				v.getAsDouble() == ((Number) s).doubleValue()) return;
			if (s instanceof Boolean && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() &&
				v.getAsBoolean() == (Boolean) s) return;
			if (s instanceof String && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() &&
				Objects.equals(v.getAsString(), s)) return;
		}
		throw unsupported(key, "supported: " + describe(supported));
	}

	ModelConfigException unsupported(String key, String detail) {
		String value = json.has(key) ? "= " + json.get(key) : "(absent, so the library default)";
		return new ModelConfigException(file, "key '" + key + "' " + value + " is not supported (" + detail + ")");
	}

	private ModelConfigException wrongType(String key, String expected) {
		return new ModelConfigException(file, "key '" + key + "' = " + json.get(key) + " must be " + expected);
	}

	private static String describe(Object[] supported) {
		StringBuilder b = new StringBuilder();
		for (Object s : supported) {
			if (b.length() > 0) b.append(", ");
			b.append(s == null ? "null" : s instanceof String ? "\"" + s + "\"" : s.toString());
		}
		return b.toString();
	}
}
