package org.diffncut.model;

import java.io.IOException;

import org.diffncut.Progress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

/**
 * The empty-prompt text embedding (1, 77, hidden), computed on first use and kept; the text encoder's weights are
 * read for that one pass and freed right after.
 */
final class PromptCache {
	/** Opens the text encoder's weights in half precision or not. */
	interface TextEncoderWeights {
		Weights open(boolean half) throws IOException;
	}

	private final ModelConfig config;
	private final TextEncoderWeights source;
	private final NDManager manager;
	private final DataType type;
	private final Meter meter;
	private NDArray embedding;
	private long parameters;

	/** Embeddings in {@code type}, owned by {@code manager}; the encoder's arithmetic counted on {@code meter}. */
	PromptCache(ModelConfig config, TextEncoderWeights source, NDManager manager, DataType type, Meter meter) {
		this.meter = meter;
		this.config = config;
		this.source = source;
		this.manager = manager;
		this.type = type;
	}

	NDArray embedding(Progress progress) throws IOException {
		if (embedding == null) {
			progress.report(0, "text encoder");
			try (Weights w = source.open(type == DataType.FLOAT16)) {
				NDArray e = ClipTextEncoder.encode(new Parameters(w, manager, type, meter), config.textEncoder,
					ClipTextEncoder.emptyPrompt(config.textEncoder.maxPositions, config.padToken), manager);
				NDScope.unregister(e);
				embedding = e;
				parameters = w.loadedElements();
			}
		}
		return embedding;
	}

	/** Parameters the text encoder loaded (its token table only at the prompt's tokens); 0 before the first use. */
	long parameters() {
		return parameters;
	}
}
