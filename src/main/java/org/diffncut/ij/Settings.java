package org.diffncut.ij;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.GridSelection;
import org.diffncut.attention.LayerSet;
import org.diffncut.graph.GraphKind;
import org.diffncut.image.IntensityWindow;
import org.diffncut.model.DeviceChoice;
import org.diffncut.model.WorkingImage;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.volume.Modality;

/**
 * The segmentation options of one run, read from macro-style text ({@link Opt} keys, absent keys take their
 * default) and checked at once, so that a bad value fails before the model loads, with a message naming the
 * option and what to give instead. A batch's settings also hold the batch options ({@link Opt#BATCH_DEFAULTS});
 * others take their defaults. Immutable.
 */
public final class Settings {
	/** Which pixels are background (label 0, in no graph); {@link #AUTO} decides per image. */
	public enum Background {
		AUTO, ZERO, NONE;

		static Background parse(String s) {
			for (Background b : values())
				if (b.name().equalsIgnoreCase(s.trim())) return b;
			throw new IllegalArgumentException("unknown background '" + s + "': use " + String.join(", ", Opt
				.BACKGROUNDS));
		}
	}

	private final Map<String, String> values;
	private final AttentionOptions attention, sliceAttention;
	private final CutOptions cut;
	private final DeviceChoice device;
	private final int[] channels; // 1-based, empty for auto
	private final IntensityWindow.Mode window;
	private final Background background;
	private final List<Modality> modalities;
	private final int axis;

	private Settings(Map<String, String> values) {
		this.values = Collections.unmodifiableMap(values);
		device = parse(Opt.DEVICE, DeviceChoice::parse);
		window = parse(Opt.WINDOW, Settings::window);
		channels = parse(Opt.CHANNELS, Settings::channels);
		background = parse(Opt.BACKGROUND, Background::parse);
		boolean autoFit = get(Opt.FIT).equalsIgnoreCase(Opt.AUTO);
		WorkingImage.Fit fit = autoFit ? WorkingImage.Fit.CROP : parse(Opt.FIT, WorkingImage.Fit::parse);
		LayerSet layers = parse(Opt.LAYERS, LayerSet::parse);
		GridSelection grids = parse(Opt.RESOLUTIONS, s -> s.trim().equalsIgnoreCase("finest") ? GridSelection.defaults()
			: GridSelection.parse(s));
		int resolution = integer(Opt.RESOLUTION, 64, 4096), timestep = integer(Opt.TIMESTEP, 0, 999);
		int inversion = integer(Opt.INVERSION_STEPS, 0, 50), steps = integer(Opt.STEPS, 1, 100);
		if (resolution % 64 != 0) throw bad(Opt.RESOLUTION, "is not a multiple of 64: use e.g. 512 or 768");
		attention = parse(Opt.RESOLUTION, s -> AttentionOptions.defaults().withResolution(resolution).withFit(fit)
			.withTimestep(timestep).withLayers(layers).withGrids(grids).withInversionSteps(inversion));
		sliceAttention = autoFit ? attention.withFit(WorkingImage.Fit.PAD) : attention;
		double threshold = real(Opt.THRESHOLD, 0, 2), range = real(Opt.RECUT_RANGE, 0, 2);
		StoppingRule stop = parse(Opt.STOP, s -> stop(s, threshold));
		cut = CutOptions.DEFAULTS.withGraph(parse(Opt.GRAPH, GraphKind::parse)).withSteps(steps).withStop(stop)
			.withGrowth(range > 0 ? StoppingRule.ncut(range) : null);
		bool(Opt.CONSISTENT);
		bool(Opt.ROIS);
		bool(Opt.OVERLAY);
		modalities = parse(Opt.MODALITIES, Modality::parseChannels);
		axis = integer(Opt.AXIS, 0, 2);
	}

	/**
	 * Reads every option through {@code lookup} (key → text, or null for the default).
	 *
	 * @throws IllegalArgumentException naming the first bad option and what to give
	 */
	public static Settings of(Function<String, String> lookup) {
		return read(lookup, Opt.DEFAULTS);
	}

	/** As {@link #of(Function)}, with the batch options ({@link Opt#BATCH_DEFAULTS}) too. */
	public static Settings forBatch(Function<String, String> lookup) {
		return read(lookup, Opt.DEFAULTS, Opt.BATCH_DEFAULTS);
	}

	/** The options of {@code tables} (key → default), in their order, each read through {@code lookup}. */
	@SafeVarargs
	private static Settings read(Function<String, String> lookup, Map<String, String>... tables) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map<String, String> table : tables)
			table.forEach((key, fallback) -> {
				String v = lookup.apply(key);
				values.put(key, v == null ? fallback : v.trim());
			});
		return new Settings(values);
	}

	public static Settings of(Map<String, String> options) {
		return of(options::get);
	}

	public static Settings defaults() {
		return of(key -> null);
	}

	/** The text of option {@code key}; a batch option's default where these are not a batch's settings. */
	public String get(String key) {
		String v = values.containsKey(key) ? values.get(key) : Opt.BATCH_DEFAULTS.get(key);
		if (v == null) throw new IllegalArgumentException("no option " + key);
		return v;
	}

	/** Every option as key → text, in dialog order. */
	public Map<String, String> values() {
		return values;
	}

	/**
	 * Every option as macro text, {@code key=value} separated by spaces, values with spaces in []: what
	 * {@link MacroOptions} reads back to these settings. Booleans are explicit ({@code rois=false}), since an absent
	 * key means its default.
	 */
	public String macroOptions() {
		StringBuilder b = new StringBuilder();
		values.forEach((k, v) -> {
			if (b.length() > 0) b.append(' ');
			b.append(k).append('=').append(v.contains(" ") || v.isEmpty() ? "[" + v + "]" : v);
		});
		return b.toString();
	}

	public String model() {
		return get(Opt.MODEL).isEmpty() ? Opt.MODEL_DEFAULT : get(Opt.MODEL);
	}

	public DeviceChoice device() {
		return device;
	}

	/** The attention options for an image ({@link Opt#FIT} auto: crop). */
	public AttentionOptions attention() {
		return attention;
	}

	/**
	 * The attention options for the slices of a volume under the background rule ({@link Opt#FIT} auto: pad, as
	 * the command line pads volume slices; a crop would label the foreground outside the centre square from the
	 * nearest cells only).
	 */
	public AttentionOptions sliceAttention() {
		return sliceAttention;
	}

	public Background background() {
		return background;
	}

	/** The BraTS modalities shown as R, G, B for a batch's case folders. */
	public List<Modality> modalities() {
		return modalities;
	}

	/** The axis a batch's volumes are sliced across. */
	public int axis() {
		return axis;
	}

	public CutOptions cut() {
		return cut;
	}

	/** The channels (1-based) to show as R, G, B; empty for the first up to three. */
	public int[] channels() {
		return channels.clone();
	}

	public IntensityWindow.Mode window() {
		return window;
	}

	public boolean consistent() {
		return bool(Opt.CONSISTENT);
	}

	public boolean rois() {
		return bool(Opt.ROIS);
	}

	public boolean overlay() {
		return bool(Opt.OVERLAY);
	}

	/** The largest NCut threshold a re-cut reproduces exactly; 0 when only the stopping rule's tree is kept. */
	public double recutRange() {
		return real(Opt.RECUT_RANGE, 0, 2);
	}

	private <T> T parse(String key, Function<String, T> parser) {
		try {
			return parser.apply(get(key));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
		}
	}

	private int integer(String key, int min, int max) {
		String s = get(key);
		double v;
		try {
			v = Double.parseDouble(s);
		}
		catch (NumberFormatException e) {
			throw bad(key, "is not a number: give a whole number from " + min + " to " + max);
		}
		if (v != Math.rint(v) || v < min || v > max) throw bad(key, "must be a whole number from " + min + " to " + max);
		return (int) v;
	}

	private double real(String key, double min, double max) {
		double v;
		try {
			v = Double.parseDouble(get(key));
		}
		catch (NumberFormatException e) {
			throw bad(key, "is not a number: give a number from " + min + " to " + max);
		}
		if (!(v >= min && v <= max)) throw bad(key, "must be from " + min + " to " + max);
		return v;
	}

	private boolean bool(String key) {
		String s = get(key).toLowerCase(Locale.ROOT);
		if (s.equals("true") || s.equals("1")) return true;
		if (s.equals("false") || s.equals("0")) return false;
		throw bad(key, "must be true or false");
	}

	private IllegalArgumentException bad(String key, String what) {
		return new IllegalArgumentException(key + " '" + get(key) + "' " + what);
	}

	private static StoppingRule stop(String s, double threshold) {
		String t = s.trim();
		if (t.equalsIgnoreCase(Opt.STOP_MANC_NCUT)) return StoppingRule.MANC_NCUT;
		if (t.equalsIgnoreCase(Opt.STOP_MANC_MINCUT)) return StoppingRule.MANC_MINCUT;
		if (t.equalsIgnoreCase(Opt.STOP_FIXED)) return StoppingRule.ncut(threshold);
		try {
			return StoppingRule.parse(t); // the command line's names, manc-ncut, manc-mincut, ncut:TAU
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("unknown rule '" + s + "': use " + String.join(", ", Opt.STOPS));
		}
	}

	private static IntensityWindow.Mode window(String s) {
		if (s.equalsIgnoreCase(Opt.WINDOW_PERCENTILES)) return IntensityWindow.Mode.PERCENTILES;
		if (s.equalsIgnoreCase(Opt.WINDOW_MIN_MAX)) return IntensityWindow.Mode.MIN_MAX;
		throw new IllegalArgumentException("unknown window '" + s + "': use " + String.join(" or ", Opt.WINDOWS));
	}

	private static int[] channels(String s) {
		if (s.isEmpty() || s.equalsIgnoreCase(Opt.AUTO)) return new int[0];
		List<Integer> list = new ArrayList<>();
		for (String part : s.split("[,\\s]+")) {
			try {
				int c = Integer.parseInt(part);
				if (c < 1) throw new NumberFormatException();
				list.add(c);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("'" + s + "' is not a list of channel numbers: give up to three, " +
					"e.g. 1 or 2,3,4, or auto");
			}
		}
		if (list.size() > 3) throw new IllegalArgumentException("'" + s + "' lists " + list.size() + " channels: give " +
			"at most three (shown as red, green, blue)");
		return list.stream().mapToInt(Integer::intValue).toArray();
	}
}
