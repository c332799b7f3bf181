package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.diffncut.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Against the diffusers/transformers goldens of the tiny fixture (golden.safetensors: input_ids, text_embeddings). */
class ClipTextEncoderTest {
	static final double TOLERANCE = 1e-4;

	@Test
	void emptyPromptIsStartThenEndOfText() {
		long[] golden = Golden.longs("input_ids");
		int[] ids = ClipTextEncoder.emptyPrompt(77, ClipTextEncoder.END_OF_TEXT);
		long[] asLong = new long[ids.length];
		for (int i = 0; i < ids.length; i++) asLong[i] = ids[i];
		assertArrayEquals(golden, asLong);
	}

	/** SD 2.x's tokenizer pads with "!" (CLIP BPE id 0); SD 1.x's with end of text. */
	@Test
	void padTokenFromTheTokenizerFiles(@TempDir Path tmp) throws Exception {
		assertEquals(ClipTextEncoder.END_OF_TEXT, ClipTextEncoder.padToken(tmp.resolve("tokenizer")));
		Files.write(tmp.resolve("special_tokens_map.json"), "{\"pad_token\": {\"content\": \"<|endoftext|>\"}}".getBytes());
		assertEquals(ClipTextEncoder.END_OF_TEXT, ClipTextEncoder.padToken(tmp));
		Files.write(tmp.resolve("special_tokens_map.json"), "{\"pad_token\": \"!\"}".getBytes());
		Files.write(tmp.resolve("vocab.json"), "{\"!\": 0, \"\\\"\": 1}".getBytes());
		assertEquals(0, ClipTextEncoder.padToken(tmp));
		assertArrayEquals(new int[] { 49406, 49407, 0, 0 }, ClipTextEncoder.emptyPrompt(4, 0));
		Files.write(tmp.resolve("special_tokens_map.json"), "{\"pad_token\": \"<pad>\"}".getBytes());
		ModelConfigException e = assertThrows(ModelConfigException.class, () -> ClipTextEncoder.padToken(tmp));
		assertTrue(e.getMessage().contains("special_tokens_map.json") && e.getMessage().contains("<pad>"), e.getMessage());
	}

	@Test
	void lastHiddenStateMatchesTransformers() throws Exception {
		ModelConfig config = TinyModel.config();
		try (NDManager manager = NDManager.newBaseManager(); SafeTensorWeights w = TinyModel.weights("text_encoder")) {
			NDArray e = ClipTextEncoder.encode(new Parameters(w, manager, DataType.FLOAT32, new Meter()), config.textEncoder,
				ClipTextEncoder.emptyPrompt(77, ClipTextEncoder.END_OF_TEXT), manager);
			double error = Golden.relativeError(Golden.floats("text_embeddings"), e.toFloatArray());
			System.out.printf("text_embeddings: relative error %.2e%n", error);
			assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
		}
	}
}
