package org.diffncut.eval;

import java.nio.file.Path;

/** One image of a {@link Dataset}: its id (the name of its output files), the photo and its ground-truth map. */
public final class Sample {
	private final String id;
	private final Path image, groundTruth;

	public Sample(String id, Path image, Path groundTruth) {
		this.id = id;
		this.image = image;
		this.groundTruth = groundTruth;
	}

	public String id() { return id; }
	public Path image() { return image; }
	public Path groundTruth() { return groundTruth; }

	@Override
	public String toString() {
		return id;
	}
}
