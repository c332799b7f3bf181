package org.diffncut.model;

import java.io.IOException;

/** A transformers {@code CLIPTextModel}, read from {@code text_encoder/config.json}. */
final class TextEncoderConfig {
	enum Activation { QUICK_GELU, GELU }

	final int vocabSize, hiddenSize, intermediateSize, layers, heads, maxPositions;
	final Activation activation;
	final double layerNormEps;

	private TextEncoderConfig(ConfigFile c) throws IOException {
		c.require("model_type", "clip_text_model");
		String[] architectures = c.strings("architectures", new String[] { "CLIPTextModel" });
		for (String a : architectures)
			if (!a.equals("CLIPTextModel") && !a.equals("CLIPTextModelWithProjection")) throw c.unsupported("architectures",
				"supported: CLIPTextModel, CLIPTextModelWithProjection");
		vocabSize = c.integer("vocab_size", 49408);
		hiddenSize = c.integer("hidden_size", 512);
		intermediateSize = c.integer("intermediate_size", 2048);
		layers = c.integer("num_hidden_layers", 12);
		heads = c.integer("num_attention_heads", 8);
		maxPositions = c.integer("max_position_embeddings", 77);
		layerNormEps = c.number("layer_norm_eps", 1e-5);
		String act = c.string("hidden_act", "quick_gelu");
		if (act.equals("quick_gelu")) activation = Activation.QUICK_GELU;
		else if (act.equals("gelu")) activation = Activation.GELU;
		else throw c.unsupported("hidden_act", "supported: \"quick_gelu\", \"gelu\"");
		if (heads <= 0 || hiddenSize % heads != 0) throw c.unsupported("num_attention_heads",
			heads + " heads must divide hidden_size " + hiddenSize);
		if (vocabSize <= ClipTextEncoder.END_OF_TEXT) throw c.unsupported("vocab_size",
			"the CLIP vocabulary holds the start/end tokens " + ClipTextEncoder.START_OF_TEXT + "/" +
				ClipTextEncoder.END_OF_TEXT);
	}

	static TextEncoderConfig read(ConfigFile file) throws IOException {
		return new TextEncoderConfig(file);
	}
}
