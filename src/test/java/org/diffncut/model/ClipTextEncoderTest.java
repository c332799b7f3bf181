package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffncut.Golden;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Against the diffusers/transformers goldens of the tiny fixture (golden.safetensors: input_ids, text_embeddings). */
class ClipTextEncoderTest {
	static final double TOLERANCE = 1e-4;

	@Test
	void emptyPromptIsStartThenEndOfText() {
		long[] golden = Golden.longs("input_ids");
		int[] ids = ClipTextEncoder.emptyPrompt(77);
		long[] asLong = new long[ids.length];
		for (int i = 0; i < ids.length; i++) asLong[i] = ids[i];
		assertArrayEquals(golden, asLong);
	}

	@Test
	void lastHiddenStateMatchesTransformers() throws Exception {
		ModelConfig config = TinyModel.config();
		try (NDManager manager = NDManager.newBaseManager(); SafeTensorWeights w = TinyModel.weights("text_encoder")) {
			NDArray e = ClipTextEncoder.encode(new Parameters(w, manager, DataType.FLOAT32), config.textEncoder,
				ClipTextEncoder.emptyPrompt(77), manager);
			double error = Golden.relativeError(Golden.floats("text_embeddings"), e.toFloatArray());
			System.out.printf("text_embeddings: relative error %.2e%n", error);
			assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
		}
	}
}
