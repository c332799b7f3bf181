package org.diffncut.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be trusted or does not hold what was asked for; the message names file and tensor. */
public class SafeTensorsException extends IOException {
	private static final long serialVersionUID = 1L;

	public SafeTensorsException(Path file, String message) {
		super(file + ": " + message);
	}
}
