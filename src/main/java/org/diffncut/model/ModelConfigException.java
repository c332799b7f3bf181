package org.diffncut.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model folder whose configuration this implementation cannot run: a missing or malformed config.json, or a key
 * whose value selects an architecture that is not supported. The message names the file and the key.
 */
public class ModelConfigException extends IOException {
	private static final long serialVersionUID = 1L;

	public ModelConfigException(Path file, String message) {
		super(file + ": " + message);
	}
}
