package org.diffncut.attention;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which attention grids (by side length in latent cells) take part in P. The UNet attends at four grids, the
 * working resolution divided by 8, 16, 32 and 64 (64, 32, 16, 8 at 512 px), the coarsest only in the mid block.
 * <p>
 * The default, {@link #finest(int) finest(3)}, keeps every grid but that bottleneck: 64, 32, 16 at 512 px (DiffSeg
 * and the paper's setting), 16, 8, 4 at 128 px, 128, 64, 32 at 1024 px. It is defined relative to the working
 * resolution so that it keeps its meaning when the resolution changes; explicit sides fail when absent.
 */
public final class GridSelection {
	private final int finest;
	private final int[] sides;

	private GridSelection(int finest, int[] sides) {
		this.finest = finest;
		this.sides = sides;
	}

	/** Every grid. */
	public static GridSelection all() {
		return new GridSelection(Integer.MAX_VALUE, null);
	}

	/** The {@code count} finest grids present at the working resolution. */
	public static GridSelection finest(int count) {
		if (count < 1) throw new IllegalArgumentException("keep at least one grid");
		return new GridSelection(count, null);
	}

	/** Exactly these grid sides (in latent cells), e.g. 64, 32, 16. */
	public static GridSelection sides(int... sides) {
		if (sides.length == 0) throw new IllegalArgumentException("list at least one grid side");
		for (int s : sides)
			if (s < 1) throw new IllegalArgumentException("grid side " + s + " must be positive");
		return new GridSelection(0, sides.clone());
	}

	/** The default: all grids but the coarsest, i.e. 64, 32, 16 at 512 px. */
	public static GridSelection defaults() {
		return finest(3);
	}

	/** "all", or a comma-separated list of sides such as "64,32,16". */
	public static GridSelection parse(String text) {
		String t = text.trim().toLowerCase(Locale.ROOT);
		if (t.equals("all")) return all();
		try {
			return sides(Arrays.stream(t.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("resolutions '" + text + "': use all or grid sides such as 64,32,16");
		}
	}

	/**
	 * The chosen sides among {@code available} (the grid sides of the model at this working resolution), finest
	 * first.
	 *
	 * @throws IllegalArgumentException naming the available sides if an explicit side is absent
	 */
	int[] select(int[] available, int resolution) {
		TreeSet<Integer> present = new TreeSet<>(Collections.reverseOrder());
		for (int s : available) present.add(s);
		if (sides == null) return present.stream().limit(finest).mapToInt(Integer::intValue).toArray();
		TreeSet<Integer> chosen = new TreeSet<>(Collections.reverseOrder());
		for (int s : sides) {
			if (!present.contains(s)) throw new IllegalArgumentException("no attention grid of side " + s + " at " +
				resolution + " px: the grids there are " + present.stream().map(String::valueOf).collect(Collectors
					.joining(",")) + " (they scale with --resolution)");
			chosen.add(s);
		}
		return chosen.stream().mapToInt(Integer::intValue).toArray();
	}

	@Override
	public String toString() {
		if (sides != null) return Arrays.stream(sides).mapToObj(String::valueOf).collect(Collectors.joining(","));
		return finest == Integer.MAX_VALUE ? "all" : "finest " + finest;
	}
}
