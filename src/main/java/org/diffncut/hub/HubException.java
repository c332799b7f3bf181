package org.diffncut.hub;

import java.io.IOException;

/**
 * A model source that cannot be used, with a one-line message that says what to do. {@link #kind()} lets a
 * caller react without parsing the message (the Fiji layer, for instance, may offer a token field on
 * {@link Kind#ACCESS_DENIED}).
 */
public final class HubException extends IOException {
	private static final long serialVersionUID = 1L;

	/** Why the model could not be had. */
	public enum Kind {
		/** The folder, repository, revision or file does not exist. */
		NOT_FOUND,
		/** The hub answered 401 or 403: a private or gated repository without a (valid) token. */
		ACCESS_DENIED,
		/** The endpoint could not be reached: no network, DNS failure, timeout. */
		UNREACHABLE,
		/** The hub answered with a server error, a rate limit or a response it should not give. */
		HUB_ERROR,
		/** Offline mode and the cache lacks a file. */
		NOT_CACHED,
		/** A transfer stopped before the end; running again resumes it. */
		INCOMPLETE,
		/** A downloaded or cached file has the wrong size or checksum. */
		CORRUPT,
		/** A model folder lacks a file of the diffusers layout. */
		BAD_LAYOUT,
	}

	private final Kind kind;

	HubException(Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	HubException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}
