package org.diffncut.attention;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.diffncut.image.Window;

/**
 * Where an attention grid lies on its image: the label image's size and the {@link Window} the grid covers. Attention
 * files and split trees record it as string metadata ({@value #GRID} "HxW", {@value #IMAGE_SIZE} "WxH",
 * {@value #WINDOW} "x0,y0,w,h"), so that labels made later come back at the image's size.
 */
public final class GridPlacement {
	public static final String GRID = "grid", IMAGE_SIZE = "image_size", WINDOW = "window";

	/**
	 * Label images of more pixels than this are refused before anything is allocated: 16384², beyond it the label
	 * image and the upsampling's rows outgrow Java's arrays and any usual heap.
	 */
	public static final long MAX_PIXELS = 1L << 28;
	/** Heap per label pixel: the label image (short), its int copy and the upsampling's best scores (float). */
	private static final int BYTES_PER_PIXEL = 2 + 4 + 4;
	/** Pixels per grid cell when nothing says how large the image was. */
	private static final int CELL = 8;

	private final int width, height;
	private final Window window;

	private GridPlacement(int width, int height, Window window) {
		this.width = width;
		this.height = height;
		this.window = window;
	}

	/** A {@code width}×{@code height} image whose {@code window} the grid covers. */
	public static GridPlacement of(int width, int height, Window window) {
		return new GridPlacement(width, height, window);
	}

	/** The grid stretched over a whole {@code width}×{@code height} image (checked: {@link #checkSize}). */
	public static GridPlacement full(int width, int height, String what) {
		checkSize(width, height, what);
		return new GridPlacement(width, height, Window.full(width, height));
	}

	public int width() { return width; }
	public int height() { return height; }
	public Window window() { return window; }

	/** The metadata of {@code p} placed here: its grid, the image size and the window, in the order written. */
	public Map<String, String> metadata(TransitionMatrix p) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put(GRID, p.gridHeight() + "x" + p.gridWidth());
		m.put(IMAGE_SIZE, width + "x" + height);
		m.put(WINDOW, window.x0() + "," + window.y0() + "," + window.width() + "," + window.height());
		return m;
	}

	/**
	 * The placement {@code metadata} records for {@code p} (of {@code source}, named in messages); without an
	 * image size, the whole grid at {@value #CELL} pixels per cell.
	 *
	 * @throws IllegalArgumentException for a malformed size or window, or a size {@link #checkSize} refuses
	 */
	public static GridPlacement recorded(Map<String, String> metadata, TransitionMatrix p, Object source) {
		String size = metadata.get(IMAGE_SIZE), window = metadata.get(WINDOW);
		if (size == null) return new GridPlacement(CELL * p.gridWidth(), CELL * p.gridHeight(), Window.full(
			CELL * p.gridWidth(), CELL * p.gridHeight()));
		int[] wh = pair(size, IMAGE_SIZE + " in " + source);
		checkSize(wh[0], wh[1], "the image size recorded in " + source);
		return new GridPlacement(wh[0], wh[1], window == null ? Window.full(wh[0], wh[1]) : parseWindow(window, source));
	}

	/** The grid {rows, columns} {@code metadata} records (of {@code source}), or null if none. */
	public static int[] recordedGrid(Map<String, String> metadata, Object source) {
		String grid = metadata.get(GRID);
		return grid == null ? null : pair(grid, GRID + " in " + source);
	}

	/**
	 * "AxB" as two positive ints, in the order written ("WxH" for sizes, "HxW" for grids).
	 *
	 * @throws IllegalArgumentException naming {@code what} otherwise
	 */
	public static int[] pair(String value, String what) {
		String[] parts = value.toLowerCase(Locale.ROOT).split("x");
		try {
			if (parts.length == 2) {
				int a = Integer.parseInt(parts[0].trim()), b = Integer.parseInt(parts[1].trim());
				if (a > 0 && b > 0) return new int[] { a, b };
			}
		}
		catch (NumberFormatException e) {
			// fall through to the message
		}
		throw new IllegalArgumentException("bad " + what + " '" + value + "': write two positive numbers like 64x64");
	}

	/**
	 * Checks a label image size in long arithmetic, before anything is allocated; {@code what} names where it came
	 * from.
	 *
	 * @throws IllegalArgumentException if it has more than {@link #MAX_PIXELS} pixels or would not fit in the free heap
	 */
	public static void checkSize(int width, int height, String what) {
		long pixels = (long) width * height;
		if (pixels > MAX_PIXELS) throw new IllegalArgumentException(what + " " + width + "x" + height + " is " + pixels +
			" pixels; labels can have at most " + MAX_PIXELS + " (16384x16384): ask for smaller labels");
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - rt.totalMemory() + rt.freeMemory(), needed = pixels * BYTES_PER_PIXEL;
		if (needed > free) throw new IllegalArgumentException(what + " " + width + "x" + height + " needs about " +
			(needed >> 20) + " MB for its labels, but " + (free >> 20) + " MB are free: ask for smaller labels, or give " +
			"Java more memory (e.g. JAVA_OPTS=-Xmx16g)");
	}

	/** "x0,y0,w,h" of {@code source}: four finite numbers, w and h positive. */
	private static Window parseWindow(String s, Object source) {
		String[] v = s.split(",");
		double[] x = new double[4];
		try {
			for (int i = 0; i < 4 && v.length == 4; i++) x[i] = Double.parseDouble(v[i].trim());
		}
		catch (NumberFormatException e) {
			v = new String[0];
		}
		boolean ok = v.length == 4 && Arrays.stream(x).allMatch(Double::isFinite) && x[2] > 0 && x[3] > 0;
		if (!ok) throw new IllegalArgumentException("bad window '" + s + "' in " + source + ": expected four finite " +
			"numbers x0,y0,w,h with w and h above 0");
		return new Window(x[0], x[1], x[2], x[3]);
	}
}
