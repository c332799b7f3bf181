package org.diffncut.nifti;

import java.io.IOException;

/** A file that is no readable NIfTI volume; the message names the file and says what is wrong. */
public final class NiftiException extends IOException {
	private static final long serialVersionUID = 1L;

	public NiftiException(String message) {
		super(message);
	}

	public NiftiException(String message, Throwable cause) {
		super(message, cause);
	}
}
