package org.diffncut.attention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.diffncut.safetensors.SafeTensors;
import org.diffncut.safetensors.SafeTensorsException;
import org.diffncut.safetensors.SafeTensorsWriter;
import org.diffncut.safetensors.TensorInfo;

/**
 * An attention matrix on disk: safetensors with tensor {@value #TENSOR} (F32 [N, N]) and string metadata: its
 * {@link GridPlacement} (the grid, and when it came from an image the image size and window), and whatever else the
 * writer adds (e.g. its source).
 */
public final class AttentionFile {
	public static final String TENSOR = "P";

	private final TransitionMatrix p;
	private final Map<String, String> metadata;

	private AttentionFile(TransitionMatrix p, Map<String, String> metadata) {
		this.p = p;
		this.metadata = metadata;
	}

	/** The validated P, on its recorded (or given) grid. */
	public TransitionMatrix transitions() {
		return p;
	}

	/** Every metadata entry of the file, in its order. */
	public Map<String, String> metadata() {
		return metadata;
	}

	/**
	 * Reads and validates P. A {@code grid} {rows, columns} given by the user ({@code origin} names where, e.g.
	 * {@code "--grid 8x32"}) must agree with the file's; without either, the grid is square.
	 *
	 * @throws IOException for a file that is not a square float32 P, or not row-stochastic, naming the file
	 * @throws IllegalArgumentException for a grid contradicting the recorded one
	 */
	public static AttentionFile read(Path file, int[] grid, String origin) throws IOException {
		try (SafeTensors st = SafeTensors.open(file)) {
			TensorInfo info = st.info(TENSOR);
			if (info.rank() != 2 || info.dim(0) != info.dim(1)) throw new SafeTensorsException(file, "tensor '" + TENSOR +
				"' has shape " + Arrays.toString(info.shape()) + ": P must be a square [N, N] matrix");
			float[] data = st.floats(TENSOR);
			Map<String, String> metadata = new LinkedHashMap<>(st.metadata());
			int[] recorded = GridPlacement.recordedGrid(metadata, file);
			if (grid != null && recorded != null && !Arrays.equals(grid, recorded)) throw new IllegalArgumentException(
				origin + " contradicts the grid " + recorded[0] + "x" + recorded[1] + " recorded in " + file +
					": leave it out");
			if (grid == null) grid = recorded;
			try {
				return new AttentionFile(grid == null ? TransitionMatrix.square(data) : TransitionMatrix.of(data, grid[0],
					grid[1]), metadata);
			}
			catch (IllegalArgumentException e) {
				throw new SafeTensorsException(file, e.getMessage());
			}
		}
	}

	/** The file of {@code p} placed on its image, ready to write, with {@code extra} metadata after the placement's. */
	public static SafeTensorsWriter writer(TransitionMatrix p, GridPlacement placement, Map<String, String> extra) {
		SafeTensorsWriter writer = new SafeTensorsWriter();
		placement.metadata(p).forEach(writer::metadata);
		extra.forEach(writer::metadata);
		return writer.add(TENSOR, p.data(), p.size(), p.size());
	}
}
