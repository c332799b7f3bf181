package org.diffncut.eval;

/** The scores of one image: Hungarian-matched and oracle-merged, with its number of valid pixels. */
public final class ImageScores {
	private final String name;
	private final long valid;
	private final Scores matched, merged;

	public ImageScores(String name, long valid, Scores matched, Scores merged) {
		this.name = name;
		this.valid = valid;
		this.matched = matched;
		this.merged = merged;
	}

	public String name() { return name; }
	public long valid() { return valid; }
	public Scores matched() { return matched; }
	public Scores merged() { return merged; }
}
