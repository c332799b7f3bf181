package org.diffncut.ij;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.hub.ModelSource;

/**
 * Every option of the Fiji and ImageJ commands in one place: its macro key, dialog label, tooltip and default.
 * The keys are public API: they are the SciJava field names and the ImageJ 1.x macro keys
 * ({@code run("Diffusion NCut Segmentation", "model=... stop=...")}); never rename one.
 * <p>
 * The ImageJ 1.x dialog derives each key from its label's first word, so {@link #ij1Label} is the key itself,
 * capitalised (GenericDialog shows underscores as spaces).
 */
public final class Opt {
	private Opt() {}

	/** What to say when Java runs out of heap during a run. */
	public static final String OUT_OF_MEMORY = "out of memory: give ImageJ more memory (Edit > Options > Memory & " +
		"Threads; Stable Diffusion needs about 6 GB), or lower the working resolution; nothing was written";

	/**
	 * What to say about a failed run, for the plug-in and the SciJava commands alike: the message of a failure the
	 * user can fix (bad image, option or file; a download), a cancel, out of memory, or one that no check foresaw
	 * (a bug, or a jar missing from the installation).
	 */
	public static String failure(Throwable e) {
		if (e instanceof CancellationException) return "canceled (" + e.getMessage() + "); nothing was written";
		if (e instanceof OutOfMemoryError) return OUT_OF_MEMORY;
		if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException)
			return e.getMessage();
		String what = e instanceof LinkageError ? "a jar is missing or of another version (" + e + "): reinstall " +
			"Diffusion NCut (Help > Update... in Fiji) with its dependencies" : "unexpected error (" + e + "): please " +
			"report it with the Log window's text";
		return what + "; nothing was written";
	}

	public static final String MODEL = "model", DEVICE = "device", STOP = "stop", THRESHOLD = "threshold",
		GRAPH = "graph", STEPS = "steps", RESOLUTIONS = "resolutions", TIMESTEP = "timestep",
		INVERSION_STEPS = "inversion_steps", RESOLUTION = "resolution", FIT = "fit", LAYERS = "layers",
		CHANNELS = "channels", WINDOW = "window", BACKGROUND = "background", CONSISTENT = "consistent", ROIS = "rois",
		OVERLAY = "overlay", RECUT_RANGE = "recut_range";
	/** The keys of Diffusion NCut Batch beside the segmentation options. */
	public static final String INPUT_FOLDER = "input_folder", OUTPUT_FOLDER = "output_folder",
		OVERWRITE = "overwrite", MODALITIES = "modalities", AXIS = "axis";

	// Labels and tooltips are constants so that SciJava annotations can use them.
	public static final String MODEL_LABEL = "Model (folder or Hugging Face repo)",
		MODEL_HELP = "A diffusers-layout Stable Diffusion 1.x folder, or a Hugging Face repository id found in the " +
			"Hugging Face cache or downloaded into it on first use (4.3 GB for SD 1.4).";
	public static final String DEVICE_LABEL = "Device",
		DEVICE_HELP = "auto takes the GPU when PyTorch sees one (float16), else the CPU (float32).";
	public static final String STOP_LABEL = "Stopping rule",
		STOP_HELP = "When the recursive normalised cut stops: MAN-C stops on its own (no parameter); the fixed rule " +
			"stops when the NCut of the best split reaches the threshold.";
	public static final String THRESHOLD_LABEL = "NCut threshold (fixed rule)",
		THRESHOLD_HELP = "For the fixed rule: split while the best cut's NCut is below this (0..2). Lower gives " +
			"fewer segments.";
	public static final String GRAPH_LABEL = "Graph",
		GRAPH_HELP = "dot: A = P^k (P^k)^T; cosine: of the rows of P^k; walk: P^k itself as a random walk.";
	public static final String STEPS_LABEL = "Walk steps (k)",
		STEPS_HELP = "Steps of the attention random walk; more steps give fewer, larger segments.";
	public static final String RESOLUTIONS_LABEL = "Attention resolutions",
		RESOLUTIONS_HELP = "Attention grid sides averaged into P (64,32,16 at 512 px), or all. The grids scale " +
			"with the working resolution (16,8,4 at 128 px).";
	public static final String TIMESTEP_LABEL = "Timestep",
		TIMESTEP_HELP = "Diffusion timestep of the UNet pass, 0..999.";
	public static final String INVERSION_STEPS_LABEL = "DDIM inversion steps",
		INVERSION_STEPS_HELP = "DDIM inversion steps (of 50) before the pass; pair n steps with timestep about 20n.";
	public static final String RESOLUTION_LABEL = "Working resolution (px)",
		RESOLUTION_HELP = "Side of the square image the model sees, a multiple of 64. Labels come back at the " +
			"image's own size.";
	public static final String FIT_LABEL = "Fit",
		FIT_HELP = "How a non-square image becomes square: crop (centre square; the border takes the nearest " +
			"labels) or pad (black border; every pixel is seen). auto: crop for images, pad for the slices of " +
			"volumes segmented with the background rule, as the command line does.";
	public static final String LAYERS_LABEL = "Attention layers",
		LAYERS_HELP = "Self-attention layers averaged into P: all 16, or the decoder and mid block.";
	public static final String CHANNELS_LABEL = "Channels (as R,G,B)",
		CHANNELS_HELP = "For multichannel images: up to three channel numbers shown to the model as red, green, " +
			"blue (one channel is shown as gray), e.g. 2,3,4; auto takes the first three.";
	public static final String WINDOW_LABEL = "Intensity window (16/32-bit)",
		WINDOW_HELP = "How 16/32-bit values become 8-bit: percentiles (1st to 99th, robust to outliers) or " +
			"min-max, per channel over the whole image. NaN and infinity count as the minimum.";
	public static final String BACKGROUND_LABEL = "Background (label 0)",
		BACKGROUND_HELP = "zero: pixels that are 0 in every channel are background, label 0, and in no graph; a " +
			"slice without foreground gets no model pass; each channel is windowed once over the whole stack's " +
			"foreground; foreground ids are 1..K, consistent along the stack (what the command line does with " +
			"NIfTI volumes). none: every pixel is segmented. auto: zero for an image opened from a .nii or .nii.gz " +
			"file, none for any other.";
	public static final String CONSISTENT_LABEL = "Consistent labels along the stack",
		CONSISTENT_HELP = "For stacks: give a segment the label of the most similar segment of the previous slice " +
			"(Hungarian matching of mean attention features). Always on with the background rule.";
	public static final String ROIS_LABEL = "Add ROIs to the ROI Manager",
		ROIS_HELP = "One composite ROI per segment, named segment-<id>, appended to the ROI Manager.";
	public static final String OVERLAY_LABEL = "Show segments as overlay",
		OVERLAY_HELP = "Outline the segments on the input image (its pixels are never changed).";
	public static final String RECUT_RANGE_LABEL = "Re-cut range (largest NCut threshold)",
		RECUT_RANGE_HELP = "Grow the split tree until every part's best cut has NCut at least this, so that " +
			"Diffusion NCut Re-cut can move its threshold up to here instantly. 0 keeps only the chosen rule's tree.";

	public static final String MODALITIES_LABEL = "BraTS modalities (as R,G,B)",
		MODALITIES_HELP = "For BraTS case folders in the input folder (sub-folders holding e.g. *_flair.nii.gz): " +
			"one to three modalities shown as red, green, blue; the 2023 names t2f, t1c, t2w, t1n are accepted.";
	public static final String AXIS_LABEL = "Volume axis",
		AXIS_HELP = "For NIfTI volumes and BraTS cases: the axis the slices are taken across, 2 (k, axial for " +
			"BraTS), 1 or 0.";

	public static final String STOP_MANC_NCUT = "MAN-C with NCut", STOP_MANC_MINCUT = "MAN-C with scaled min-cut",
		STOP_FIXED = "fixed NCut threshold";
	public static final String WINDOW_PERCENTILES = "percentiles", WINDOW_MIN_MAX = "min-max";
	public static final String AUTO = "auto";
	public static final String BACKGROUND_ZERO = "zero", BACKGROUND_NONE = "none";

	public static final List<String> DEVICES = list("auto", "cpu", "gpu");
	public static final List<String> STOPS = list(STOP_MANC_NCUT, STOP_MANC_MINCUT, STOP_FIXED);
	public static final List<String> GRAPHS = list("dot", "cosine", "walk");
	public static final List<String> FITS = list(AUTO, "crop", "pad");
	public static final List<String> LAYER_SETS = list("all", "decoder");
	public static final List<String> WINDOWS = list(WINDOW_PERCENTILES, WINDOW_MIN_MAX);
	public static final List<String> BACKGROUNDS = list(AUTO, BACKGROUND_ZERO, BACKGROUND_NONE);

	public static final String MODEL_DEFAULT = ModelSource.DEFAULT_REPO, DEVICE_DEFAULT = "auto",
		STOP_DEFAULT = STOP_MANC_NCUT, GRAPH_DEFAULT = "dot", RESOLUTIONS_DEFAULT = "64,32,16", FIT_DEFAULT = AUTO,
		LAYERS_DEFAULT = "all", CHANNELS_DEFAULT = AUTO, WINDOW_DEFAULT = WINDOW_PERCENTILES, BACKGROUND_DEFAULT = AUTO,
		MODALITIES_DEFAULT = "flair,t1ce,t2";
	public static final double THRESHOLD_DEFAULT = 0.3, RECUT_RANGE_DEFAULT = 0.5;
	public static final int STEPS_DEFAULT = 1, TIMESTEP_DEFAULT = AttentionOptions.DEFAULT_TIMESTEP,
		INVERSION_STEPS_DEFAULT = 0, RESOLUTION_DEFAULT = AttentionOptions.DEFAULT_RESOLUTION, AXIS_DEFAULT = 2;
	public static final boolean CONSISTENT_DEFAULT = true, ROIS_DEFAULT = true, OVERLAY_DEFAULT = false;

	/** Every segmentation option's default as its macro text, in dialog order. */
	public static final Map<String, String> DEFAULTS;
	static {
		Map<String, String> d = new LinkedHashMap<>();
		d.put(MODEL, MODEL_DEFAULT);
		d.put(DEVICE, DEVICE_DEFAULT);
		d.put(STOP, STOP_DEFAULT);
		d.put(THRESHOLD, number(THRESHOLD_DEFAULT));
		d.put(GRAPH, GRAPH_DEFAULT);
		d.put(STEPS, String.valueOf(STEPS_DEFAULT));
		d.put(RESOLUTIONS, RESOLUTIONS_DEFAULT);
		d.put(TIMESTEP, String.valueOf(TIMESTEP_DEFAULT));
		d.put(INVERSION_STEPS, String.valueOf(INVERSION_STEPS_DEFAULT));
		d.put(RESOLUTION, String.valueOf(RESOLUTION_DEFAULT));
		d.put(FIT, FIT_DEFAULT);
		d.put(LAYERS, LAYERS_DEFAULT);
		d.put(CHANNELS, CHANNELS_DEFAULT);
		d.put(WINDOW, WINDOW_DEFAULT);
		d.put(BACKGROUND, BACKGROUND_DEFAULT);
		d.put(CONSISTENT, String.valueOf(CONSISTENT_DEFAULT));
		d.put(ROIS, String.valueOf(ROIS_DEFAULT));
		d.put(OVERLAY, String.valueOf(OVERLAY_DEFAULT));
		d.put(RECUT_RANGE, number(RECUT_RANGE_DEFAULT));
		DEFAULTS = Collections.unmodifiableMap(d);
	}

	/**
	 * The options only Diffusion NCut Batch has beside {@link #DEFAULTS}, for its NIfTI volumes and BraTS case
	 * folders, with their defaults as macro text: they change the labels, so a batch records them with the others.
	 */
	public static final Map<String, String> BATCH_DEFAULTS;
	static {
		Map<String, String> d = new LinkedHashMap<>();
		d.put(MODALITIES, MODALITIES_DEFAULT);
		d.put(AXIS, String.valueOf(AXIS_DEFAULT));
		BATCH_DEFAULTS = Collections.unmodifiableMap(d);
	}

	/** The on/off options of every command. */
	public static final Set<String> BOOLEANS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(CONSISTENT,
		ROIS, OVERLAY, OVERWRITE)));

	/** The ImageJ 1.x dialog label of {@code key}: GenericDialog takes the key back from its first word. */
	public static String ij1Label(String key) {
		return key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
	}

	/** The choices of {@code key}, or null if it is not a choice. */
	public static List<String> choices(String key) {
		switch (key) {
			case DEVICE: return DEVICES;
			case STOP: return STOPS;
			case GRAPH: return GRAPHS;
			case FIT: return FITS;
			case LAYERS: return LAYER_SETS;
			case WINDOW: return WINDOWS;
			case BACKGROUND: return BACKGROUNDS;
			default: return null;
		}
	}

	/** True for options whose value is a number. */
	public static boolean numeric(String key) {
		switch (key) {
			case THRESHOLD: case STEPS: case TIMESTEP: case INVERSION_STEPS: case RESOLUTION: case RECUT_RANGE: case AXIS:
				return true;
			default:
				return false;
		}
	}

	/** Every option's label and tooltip, as the HTML of a dialog's Help button: {@code keys} in order. */
	public static String helpHtml(Iterable<String> keys) {
		StringBuilder b = new StringBuilder("<html><h3>Diffusion NCut</h3><dl>");
		for (String key : keys) {
			String[] text = TEXT.get(key);
			b.append("<dt><b>").append(ij1Label(key)).append("</b> (").append(text[0]).append(")</dt><dd>").append(
				text[1]).append("</dd>");
		}
		return b.append("</dl></html>").toString();
	}

	/** Label and tooltip of every option in {@link #DEFAULTS} and {@link #BATCH_DEFAULTS}. */
	private static final Map<String, String[]> TEXT = new LinkedHashMap<>();
	static {
		String[][] rows = { { MODEL, MODEL_LABEL, MODEL_HELP }, { DEVICE, DEVICE_LABEL, DEVICE_HELP },
			{ STOP, STOP_LABEL, STOP_HELP }, { THRESHOLD, THRESHOLD_LABEL, THRESHOLD_HELP },
			{ GRAPH, GRAPH_LABEL, GRAPH_HELP }, { STEPS, STEPS_LABEL, STEPS_HELP },
			{ RESOLUTIONS, RESOLUTIONS_LABEL, RESOLUTIONS_HELP }, { TIMESTEP, TIMESTEP_LABEL, TIMESTEP_HELP },
			{ INVERSION_STEPS, INVERSION_STEPS_LABEL, INVERSION_STEPS_HELP },
			{ RESOLUTION, RESOLUTION_LABEL, RESOLUTION_HELP }, { FIT, FIT_LABEL, FIT_HELP },
			{ LAYERS, LAYERS_LABEL, LAYERS_HELP }, { CHANNELS, CHANNELS_LABEL, CHANNELS_HELP },
			{ WINDOW, WINDOW_LABEL, WINDOW_HELP }, { BACKGROUND, BACKGROUND_LABEL, BACKGROUND_HELP },
			{ CONSISTENT, CONSISTENT_LABEL, CONSISTENT_HELP }, { ROIS, ROIS_LABEL, ROIS_HELP },
			{ OVERLAY, OVERLAY_LABEL, OVERLAY_HELP }, { RECUT_RANGE, RECUT_RANGE_LABEL, RECUT_RANGE_HELP },
			{ MODALITIES, MODALITIES_LABEL, MODALITIES_HELP }, { AXIS, AXIS_LABEL, AXIS_HELP } };
		for (String[] r : rows) TEXT.put(r[0], new String[] { r[1], r[2] });
	}

	/** A number as macro text: no trailing ".0". */
	public static String number(double value) {
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
	}

	private static List<String> list(String... items) {
		return Collections.unmodifiableList(Arrays.asList(items));
	}
}
