package org.diffncut.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.diffncut.pipeline.DiffusionSegmenter;

/**
 * The models loaded in this JVM (a Spark executor, or the driver in local mode), one per model spec and device,
 * kept for every task that runs here and closed when the JVM shuts down. Tasks that ask for a model while it
 * loads wait for it, so each is loaded once.
 */
final class Models {
	/** Loads a model. */
	@FunctionalInterface
	interface Loader {
		DiffusionSegmenter load() throws IOException;
	}

	/** A model that could not be loaded on this worker: every item that needs it fails for the same reason. */
	static final class LoadFailure extends IOException {
		private static final long serialVersionUID = 1L;

		LoadFailure(String message, Throwable cause) {
			super(message, cause);
		}
	}

	private static final Map<String, DiffusionSegmenter> LOADED = new LinkedHashMap<>();
	private static final AtomicInteger LOADS = new AtomicInteger();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Models::closeAll, "diffncut-models"));
	}

	private Models() {}

	/** The model for {@code key}, loaded by {@code loader} if this JVM has not loaded it yet. */
	static synchronized DiffusionSegmenter get(String key, Loader loader) throws LoadFailure {
		DiffusionSegmenter model = LOADED.get(key);
		if (model != null) return model;
		try {
			model = loader.load();
		}
		catch (IOException | RuntimeException e) {
			String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
			throw new LoadFailure(message, e);
		}
		LOADS.incrementAndGet();
		LOADED.put(key, model);
		return model;
	}

	/** How many models this JVM has loaded so far. */
	static int loads() {
		return LOADS.get();
	}

	/** Frees every loaded model (at JVM shutdown; tests call it to start afresh). */
	static synchronized void closeAll() {
		LOADED.values().forEach(DiffusionSegmenter::close);
		LOADED.clear();
	}
}
