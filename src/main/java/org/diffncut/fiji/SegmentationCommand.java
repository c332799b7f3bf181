package org.diffncut.fiji;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.function.BooleanSupplier;

import org.diffncut.graph.PowerWalk;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.widget.NumberWidget;

import ij.IJ;
import ij.ImagePlus;

/**
 * The segmentation parameters shared by the Diffusion NCut SciJava commands, and how they report. Field names are
 * the macro keys ({@link Opt}); labels, tooltips and defaults come from {@link Opt}. No value persists between
 * runs: a script means the same thing every time. The commands are for scripts and {@code CommandService}
 * ({@code no-legacy}, no menu path): the menu entries are the ImageJ 1.x plug-in
 * ({@link org.diffncut.ij.DiffusionNCutPlugIn}), which runs on the macro's thread.
 * <p>
 * Errors the user can fix (bad image or option, missing model file, download failure) and cancels end the run
 * through {@link #fail}: a message in the log (and a dialog when there is a display), the command canceled with
 * that message as its reason, and no output.
 */
public abstract class SegmentationCommand extends ContextCommand {
	@Parameter
	protected LogService log;
	@Parameter
	protected StatusService status;
	@Parameter
	protected DiffusionNCutService service;

	/**
	 * The image, first so that dialogs and recorded lines begin with it. Optional, so that where nothing fills it
	 * the command says so itself instead of SciJava's silent debug line.
	 */
	@Parameter(persist = false, label = "Image", required = false)
	protected ImagePlus input;

	@Parameter(persist = false, label = Opt.MODEL_LABEL, description = Opt.MODEL_HELP)
	private String model = Opt.MODEL_DEFAULT;
	@Parameter(persist = false, label = Opt.DEVICE_LABEL, description = Opt.DEVICE_HELP, choices = { "auto", "cpu", "gpu" })
	private String device = Opt.DEVICE_DEFAULT;
	@Parameter(persist = false, label = Opt.STOP_LABEL, description = Opt.STOP_HELP, choices = { Opt.STOP_MANC_NCUT,
		Opt.STOP_MANC_MINCUT, Opt.STOP_FIXED })
	private String stop = Opt.STOP_DEFAULT;
	@Parameter(persist = false, label = Opt.THRESHOLD_LABEL, description = Opt.THRESHOLD_HELP, min = "0", max = "2",
		stepSize = "0.05", style = NumberWidget.SPINNER_STYLE + ",format:0.00")
	private double threshold = Opt.THRESHOLD_DEFAULT;
	@Parameter(persist = false, label = Opt.GRAPH_LABEL, description = Opt.GRAPH_HELP, choices = { "dot", "cosine", "walk" })
	private String graph = Opt.GRAPH_DEFAULT;
	@Parameter(persist = false, label = Opt.STEPS_LABEL, description = Opt.STEPS_HELP, min = "1", max = "" + PowerWalk.MAX_STEPS)
	private int steps = Opt.STEPS_DEFAULT;
	@Parameter(persist = false, label = Opt.RESOLUTIONS_LABEL, description = Opt.RESOLUTIONS_HELP)
	private String resolutions = Opt.RESOLUTIONS_DEFAULT;
	@Parameter(persist = false, label = Opt.TIMESTEP_LABEL, description = Opt.TIMESTEP_HELP, min = "0", max = "999")
	private int timestep = Opt.TIMESTEP_DEFAULT;
	@Parameter(persist = false, label = Opt.INVERSION_STEPS_LABEL, description = Opt.INVERSION_STEPS_HELP, min = "0", max = "50")
	private int inversion_steps = Opt.INVERSION_STEPS_DEFAULT;
	@Parameter(persist = false, label = Opt.RESOLUTION_LABEL, description = Opt.RESOLUTION_HELP, min = "64", max = "4096",
		stepSize = "64")
	private int resolution = Opt.RESOLUTION_DEFAULT;
	@Parameter(persist = false, label = Opt.FIT_LABEL, description = Opt.FIT_HELP, choices = { Opt.AUTO, "crop", "pad" })
	private String fit = Opt.FIT_DEFAULT;
	@Parameter(persist = false, label = Opt.LAYERS_LABEL, description = Opt.LAYERS_HELP, choices = { "all", "decoder" })
	private String layers = Opt.LAYERS_DEFAULT;
	@Parameter(persist = false, label = Opt.CHANNELS_LABEL, description = Opt.CHANNELS_HELP)
	private String channels = Opt.CHANNELS_DEFAULT;
	@Parameter(persist = false, label = Opt.WINDOW_LABEL, description = Opt.WINDOW_HELP, choices = { Opt.WINDOW_PERCENTILES,
		Opt.WINDOW_MIN_MAX })
	private String window = Opt.WINDOW_DEFAULT;
	@Parameter(persist = false, label = Opt.BACKGROUND_LABEL, description = Opt.BACKGROUND_HELP, choices = { Opt.AUTO,
		Opt.BACKGROUND_ZERO, Opt.BACKGROUND_NONE })
	private String background = Opt.BACKGROUND_DEFAULT;
	@Parameter(persist = false, label = Opt.CONSISTENT_LABEL, description = Opt.CONSISTENT_HELP)
	private boolean consistent = Opt.CONSISTENT_DEFAULT;
	@Parameter(persist = false, label = Opt.ROIS_LABEL, description = Opt.ROIS_HELP)
	private boolean rois = Opt.ROIS_DEFAULT;
	@Parameter(persist = false, label = Opt.OVERLAY_LABEL, description = Opt.OVERLAY_HELP)
	private boolean overlay = Opt.OVERLAY_DEFAULT;
	@Parameter(persist = false, label = Opt.RECUT_RANGE_LABEL, description = Opt.RECUT_RANGE_HELP, min = "0", max = "2",
		stepSize = "0.05")
	private double recut_range = Opt.RECUT_RANGE_DEFAULT;

	/**
	 * The parameters as checked settings: each {@link Opt#DEFAULTS} key is the name of a field of this class or a
	 * subclass, read by reflection ({@link #option}), so that no option can be left out of the map (OptionTableTest
	 * checks the fields against the table).
	 */
	protected Settings settings() {
		return Settings.of(this::option);
	}

	/** The value of the field named {@code key}, of this class or the command's own, as macro text. */
	protected String option(String key) {
		for (Class<?> c = getClass(); c != Object.class; c = c.getSuperclass())
			try {
				Field f = c.getDeclaredField(key);
				f.setAccessible(true);
				Object v = f.get(this);
				return v instanceof Double ? Opt.number((Double) v) : String.valueOf(v);
			}
			catch (NoSuchFieldException e) {
				// a field of a superclass
			}
			catch (ReflectiveOperationException e) {
				throw new IllegalStateException("option " + key + " cannot be read", e);
			}
		throw new IllegalStateException("option " + key + " has no field in " + getClass().getSimpleName());
	}

	/** What the core polls: this command's cancel, or Esc in ImageJ. */
	protected BooleanSupplier canceled() {
		IJ.resetEscape();
		return () -> isCanceled() || IJ.escapePressed();
	}

	/** A task of a command that may fail in ways the user can fix. */
	@FunctionalInterface
	protected interface Task {
		void run() throws IOException;
	}

	/** Runs {@code task}; a fixable failure or a cancel ends the command through {@link #fail}. */
	protected void guarded(Task task) {
		try {
			task.run();
		}
		catch (IOException | RuntimeException | OutOfMemoryError | LinkageError e) {
			fail(Opt.failure(e));
		}
	}

	/**
	 * Logs {@code message} and cancels the command with it. Where there is a display, SciJava shows a cancel's reason
	 * as a warning dialog, so the user sees it once (a dialog of ours as well showed it twice).
	 */
	protected void fail(String message) {
		String m = "Diffusion NCut: " + message;
		log.error(m);
		if (!isCanceled()) cancel(m);
	}
}
