package org.diffncut.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * transformers {@code CLIPTextModel}: token + position embeddings → pre-LayerNorm transformer layers with causal
 * self-attention and a quick_gelu/gelu MLP → final LayerNorm; the output is {@code last_hidden_state}. Only the
 * embedding rows of the tokens used are read.
 */
final class ClipTextEncoder {
	/** CLIP BPE ids of {@code <|startoftext|>} and {@code <|endoftext|>} (also the padding of SD 1.x's tokenizer). */
	static final int START_OF_TEXT = 49406, END_OF_TEXT = 49407;

	private ClipTextEncoder() {}

	/** The tokenised empty prompt padded to {@code length}: start, end of text, then {@code pad}. */
	static int[] emptyPrompt(int length, int pad) {
		int[] ids = new int[length];
		Arrays.fill(ids, pad);
		ids[0] = START_OF_TEXT;
		ids[1] = END_OF_TEXT;
		return ids;
	}

	/**
	 * The id of the padding token of the tokenizer in {@code folder} ({@code special_tokens_map.json}, looked up in
	 * {@code vocab.json}): end of text for SD 1.x, "!" (id 0) for SD 2.x; end of text when the folder is absent.
	 */
	static int padToken(Path folder) throws IOException {
		Path map = folder.resolve("special_tokens_map.json");
		if (!Files.isRegularFile(map)) return END_OF_TEXT;
		JsonElement pad = json(map).get("pad_token");
		if (pad == null || pad.isJsonNull()) return END_OF_TEXT;
		String token = pad.isJsonObject() ? pad.getAsJsonObject().get("content").getAsString() : pad.getAsString();
		if (token.equals("<|endoftext|>")) return END_OF_TEXT;
		Path vocab = folder.resolve("vocab.json");
		JsonElement id = Files.isRegularFile(vocab) ? json(vocab).get(token) : null;
		if (id == null) throw new ModelConfigException(map, "pad_token '" + token + "' is not in " + vocab.getFileName());
		return id.getAsInt();
	}

	private static JsonObject json(Path file) throws IOException {
		try {
			return JsonParser.parseString(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (RuntimeException e) {
			throw new ModelConfigException(file, "not valid JSON (" + e.getMessage() + ")");
		}
	}

	/**
	 * Encodes {@code ids} (at most max_position_embeddings), loading each layer's weights into a temporary manager
	 * and freeing them after use. Returns (1, T, hidden) owned by {@code manager}.
	 */
	static NDArray encode(Parameters weights, TextEncoderConfig c, int[] ids, NDManager manager) throws IOException {
		if (ids.length > c.maxPositions) throw new IllegalArgumentException(ids.length + " tokens exceed the " +
			c.maxPositions + " positions of the text encoder");
		int t = ids.length, hidden = c.hiddenSize, heads = c.heads;
		Parameters text = weights.child("text_model");
		NDArray h;
		try (NDManager run = manager.newSubManager()) {
			Parameters local = text.on(run);
			Parameters embeddings = local.child("embeddings");
			NDArray tokens = embeddings.rows("token_embedding.weight", new long[] { c.vocabSize, hidden }, ids);
			NDArray positions = embeddings.rows("position_embedding.weight", new long[] { c.maxPositions, hidden },
				range(t));
			h = tokens.add(positions).reshape(1, t, hidden);
			NDArray mask = causalMask(run, t);
			MultiHeadAttention attention = new MultiHeadAttention(heads, weights.meter());
			for (int i = 0; i < c.layers; i++) {
				try (NDManager layerWeights = run.newSubManager()) {
					Parameters p = local.on(layerWeights).child("encoder").child("layers", i);
					Layers.LayerNorm norm1 = new Layers.LayerNorm(p.child("layer_norm1"), hidden, c.layerNormEps);
					Layers.LayerNorm norm2 = new Layers.LayerNorm(p.child("layer_norm2"), hidden, c.layerNormEps);
					Parameters a = p.child("self_attn");
					Layers.Dense q = new Layers.Dense(a.child("q_proj"), hidden, hidden, true);
					Layers.Dense k = new Layers.Dense(a.child("k_proj"), hidden, hidden, true);
					Layers.Dense v = new Layers.Dense(a.child("v_proj"), hidden, hidden, true);
					Layers.Dense o = new Layers.Dense(a.child("out_proj"), hidden, hidden, true);
					Layers.Dense fc1 = new Layers.Dense(p.child("mlp").child("fc1"), hidden, c.intermediateSize, true);
					Layers.Dense fc2 = new Layers.Dense(p.child("mlp").child("fc2"), c.intermediateSize, hidden, true);
					NDArray in = h;
					h = Layers.scoped(() -> {
						NDArray n = norm1.forward(in);
						NDArray x = in.add(o.forward(attention.attend(q.forward(n), k.forward(n), v.forward(n), mask, null)));
						NDArray m = fc1.forward(norm2.forward(x));
						m = c.activation == TextEncoderConfig.Activation.GELU ? Layers.gelu(m) : Layers.quickGelu(m);
						return x.addi(fc2.forward(m));
					});
					h.attach(run);
				}
			}
			Layers.LayerNorm last = new Layers.LayerNorm(local.child("final_layer_norm"), hidden, c.layerNormEps);
			NDArray in = h;
			h = Layers.scoped(() -> last.forward(in));
			h.attach(manager);
		}
		return h;
	}

	/** Float32 (T, T): 0 on and below the diagonal, -∞ above it. */
	private static NDArray causalMask(NDManager manager, int t) {
		float[] m = new float[t * t];
		for (int i = 0; i < t; i++)
			for (int j = i + 1; j < t; j++) m[i * t + j] = Float.NEGATIVE_INFINITY;
		return manager.create(m, new Shape(t, t));
	}

	private static int[] range(int n) {
		int[] r = new int[n];
		for (int i = 0; i < n; i++) r[i] = i;
		return r;
	}
}
