package org.diffncut.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.diffncut.attention.TransitionMatrix;
import org.diffncut.image.Window;
import org.diffncut.safetensors.SafeTensors;
import org.diffncut.safetensors.SafeTensorsException;
import org.diffncut.safetensors.SafeTensorsWriter;
import org.diffncut.safetensors.TensorInfo;

/**
 * An attention matrix on disk: safetensors with tensor {@code P} (F32 [N, N]) and string metadata {@code grid}
 * ("HxW"), and, when it came from an image, {@code image_size} ("WxH") and {@code window} ("x0,y0,w,h": the part
 * of the image the working square covers), so that labels come back at the image's size.
 */
final class AttentionFile {
	static final String TENSOR = "P", GRID = "grid", IMAGE_SIZE = "image_size", WINDOW = "window";

	final Path path;
	final TransitionMatrix p;
	final Map<String, String> metadata;

	private AttentionFile(Path path, TransitionMatrix p, Map<String, String> metadata) {
		this.path = path;
		this.p = p;
		this.metadata = metadata;
	}

	/**
	 * Reads and validates P.
	 *
	 * @param grid {rows, columns}, or null for the file's {@code grid} entry, else a square grid
	 */
	static AttentionFile read(Path file, int[] grid) throws IOException {
		return read(file, grid, null);
	}

	/**
	 * As {@link #read(Path, int[])}; a {@code grid} given by the user ({@code origin} names where, e.g.
	 * {@code "--grid 8x32"}; null: not the user's) must agree with the file's {@code grid} entry.
	 */
	static AttentionFile read(Path file, int[] grid, String origin) throws IOException {
		try (SafeTensors st = SafeTensors.open(file)) {
			TensorInfo info = st.info(TENSOR);
			if (info.rank() != 2 || info.dim(0) != info.dim(1)) throw new SafeTensorsException(file, "tensor 'P' has shape " +
				Arrays.toString(info.shape()) + ": P must be a square [N, N] matrix");
			float[] data = st.floats(TENSOR);
			Map<String, String> metadata = new LinkedHashMap<>(st.metadata());
			int[] recorded = metadata.containsKey(GRID) ? Converters.pair(metadata.get(GRID), "grid in " + file) : null;
			if (grid != null && recorded != null && !Arrays.equals(grid, recorded)) throw new IllegalArgumentException(
				(origin != null ? origin : "the grid " + grid[0] + "x" + grid[1]) + " contradicts the grid " +
					recorded[0] + "x" + recorded[1] + " recorded in " + file + ": leave it out");
			if (grid == null) grid = recorded;
			try {
				TransitionMatrix p = grid == null ? TransitionMatrix.square(data) : TransitionMatrix.of(data, grid[0], grid[1]);
				return new AttentionFile(file, p, metadata);
			}
			catch (IllegalArgumentException e) {
				throw new SafeTensorsException(file, e.getMessage());
			}
		}
	}

	/** The file of {@code p}, ready to write: the tensor, its grid, the image size and window, and {@code extra}. */
	static SafeTensorsWriter writer(TransitionMatrix p, Window window, int imageWidth, int imageHeight,
		Map<String, String> extra)
	{
		SafeTensorsWriter writer = new SafeTensorsWriter()
			.metadata(GRID, p.gridHeight() + "x" + p.gridWidth())
			.metadata(IMAGE_SIZE, imageWidth + "x" + imageHeight)
			.metadata(WINDOW, format(window));
		extra.forEach(writer::metadata);
		return writer.add(TENSOR, p.data(), p.size(), p.size());
	}

	/** The attention file {@code segment --tree} saves beside the tree: {@code <tree>.attention.safetensors}. */
	static Path besideTree(Path tree) {
		return tree.resolveSibling(tree.getFileName().toString().replaceFirst("\\.json$", "") + ".attention.safetensors");
	}

	/** The label image's size and where the grid lies on it. */
	static final class Output {
		final int width, height;
		final Window window;

		private Output(int width, int height, Window window) {
			this.width = width;
			this.height = height;
			this.window = window;
		}

		/**
		 * {@code size} if given (the grid stretched over it); else the image size and window recorded in
		 * {@code metadata} (of P or of a split tree); else 8 pixels per grid cell.
		 */
		static Output of(Map<String, String> metadata, Converters.Size size, TransitionMatrix p, Path source) {
			if (size != null) return new Output(size.width, size.height, Window.full(size.width, size.height));
			String recorded = metadata.get(IMAGE_SIZE), window = metadata.get(WINDOW);
			if (recorded == null) {
				int w = 8 * p.gridWidth(), h = 8 * p.gridHeight();
				return new Output(w, h, Window.full(w, h));
			}
			int[] wh = Converters.pair(recorded, IMAGE_SIZE + " in " + source);
			Converters.checkSize(wh[0], wh[1], "the image size recorded in " + source);
			return new Output(wh[0], wh[1], window == null ? Window.full(wh[0], wh[1]) : parseWindow(window, source));
		}
	}

	static String format(Window w) {
		return w.x0() + "," + w.y0() + "," + w.width() + "," + w.height();
	}

	/** "x0,y0,w,h" of {@code source}: four finite numbers, w and h positive. */
	static Window parseWindow(String s, Path source) {
		String[] v = s.split(",");
		double[] x = new double[4];
		try {
			for (int i = 0; i < 4 && v.length == 4; i++) x[i] = Double.parseDouble(v[i].trim());
		}
		catch (NumberFormatException e) {
			v = new String[0];
		}
		boolean ok = v.length == 4 && java.util.Arrays.stream(x).allMatch(Double::isFinite) && x[2] > 0 && x[3] > 0;
		if (!ok) throw new IllegalArgumentException("bad window '" + s + "' in " + source + ": expected four finite " +
			"numbers x0,y0,w,h with w and h above 0");
		return new Window(x[0], x[1], x[2], x[3]);
	}
}
