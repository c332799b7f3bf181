package org.diffncut.ij;

import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Progress;
import org.diffncut.ij.BatchRun;
import org.diffncut.ij.ImagePlusImages;
import org.diffncut.ij.ImageSegmentation;
import org.diffncut.ij.MacroOptions;
import org.diffncut.ij.Opt;
import org.diffncut.ij.RecutState;
import org.diffncut.ij.SegmentRois;
import org.diffncut.ij.Settings;
import org.diffncut.ij.Workspace;
import org.diffncut.ncut.StoppingRule;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import ij.plugin.PlugIn;

/**
 * The menu entries of Diffusion NCut, in plain ImageJ 1.x and in Fiji alike (plugins.config): {@code segment},
 * {@code batch}, {@code recut}, {@code release}. It runs on the caller's thread, so that in a macro, in batch mode
 * too, the label image becomes the macro's current image, as with any ImageJ command.
 * <p>
 * A macro's options are read by {@link MacroOptions}: an absent key takes the documented default ({@link Opt}),
 * never a value from an earlier run, and no dialog opens where none can be answered (no ImageJ window). A failure
 * stops the macro, so that no later line saves the wrong image; on the command line (no ImageJ window) it also
 * ends ImageJ with exit code 1. Interactive dialogs start from the values last used in this session.
 */
public class DiffusionNCutPlugIn implements PlugIn {
	private static final String TITLE = "Diffusion NCut";
	/** The values last used in a dialog of this session, shown by the next dialog; macros never see them. */
	private static final Map<String, String> last = new LinkedHashMap<>(Opt.DEFAULTS),
		lastBatch = new LinkedHashMap<>(Opt.BATCH_DEFAULTS);
	private static String lastInput = "", lastOutput = "";
	private static boolean lastOverwrite;

	@Override
	public void run(String arg) {
		try {
			switch (arg) {
				case "segment": segment(); break;
				case "batch": batch(); break;
				case "recut": recut(); break;
				case "release":
					String was = Workspace.shared().describe();
					Workspace.shared().release();
					IJ.log("Diffusion NCut: released " + was);
					break;
				default: throw new IllegalArgumentException("unknown command '" + arg + "'");
			}
		}
		catch (IOException | RuntimeException | OutOfMemoryError | LinkageError e) {
			// also a bug or a broken install (a missing jar): still stop the macro, so it cannot save the input as labels
			fail(Opt.failure(e));
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	private void segment() throws IOException {
		ImagePlus imp = WindowManager.getCurrentImage();
		ImagePlusImages.check(imp);
		Map<String, String> given = macroOptions(Opt.DEFAULTS.keySet());
		Settings settings;
		if (given != null) settings = Settings.of(given);
		else {
			GenericDialog gd = new GenericDialog(TITLE + " Segmentation");
			addFields(gd, last);
			gd.addHelp(Opt.helpHtml(last.keySet()));
			gd.showDialog();
			if (gd.wasCanceled()) return;
			Map<String, String> values = readFields(gd, last.keySet());
			settings = Settings.of(values);
			last.putAll(values);
		}
		ImageSegmentation result = Workspace.shared().segment(imp, settings, progress(), canceled(), IJ::log, w -> IJ
			.log("Diffusion NCut warning: " + w));
		result.labels().show();
		if (!result.publish(settings, Workspace.shared())) IJ.log("Diffusion NCut: no display, so the ROIs were " +
			"not added to the ROI Manager; use the label image");
		IJ.log(String.format(Locale.ROOT, "Diffusion NCut: %s: %d segments in %.1f s", imp.getTitle(), result
			.segments(), result.seconds()));
	}

	private void batch() throws IOException {
		List<String> keys = new ArrayList<>(Arrays.asList(Opt.INPUT_FOLDER, Opt.OUTPUT_FOLDER, Opt.OVERWRITE));
		keys.addAll(Opt.BATCH_DEFAULTS.keySet());
		keys.addAll(Opt.DEFAULTS.keySet());
		Map<String, String> given = macroOptions(keys);
		String input, output;
		boolean overwrite;
		Settings settings;
		if (given != null) {
			input = given.getOrDefault(Opt.INPUT_FOLDER, "").trim();
			output = given.getOrDefault(Opt.OUTPUT_FOLDER, "").trim();
			overwrite = Boolean.parseBoolean(given.get(Opt.OVERWRITE));
			settings = Settings.forBatch(given::get);
		}
		else {
			GenericDialog gd = new GenericDialog(TITLE + " Batch");
			gd.addDirectoryField(Opt.ij1Label(Opt.INPUT_FOLDER), lastInput, 30);
			gd.addDirectoryField(Opt.ij1Label(Opt.OUTPUT_FOLDER), lastOutput, 30);
			gd.addCheckbox(Opt.ij1Label(Opt.OVERWRITE) + " existing label images", lastOverwrite);
			gd.addMessage("Leave the input folder empty to segment each slice of the open stack. NIfTI volumes\n" +
				"(.nii, .nii.gz) and BraTS case folders become NIfTI label volumes, sliced across the axis.");
			addFields(gd, lastBatch);
			addFields(gd, last);
			gd.addHelp(Opt.helpHtml(keys.subList(3, keys.size())));
			gd.showDialog();
			if (gd.wasCanceled()) return;
			input = lastInput = gd.getNextString().trim();
			output = lastOutput = gd.getNextString().trim();
			overwrite = lastOverwrite = gd.getNextBoolean();
			record(Opt.OVERWRITE, overwrite);
			Map<String, String> values = readFields(gd, lastBatch.keySet());
			values.putAll(readFields(gd, last.keySet()));
			settings = Settings.forBatch(values::get);
			lastBatch.replaceAll((key, old) -> values.get(key));
			last.replaceAll((key, old) -> values.get(key));
		}
		if (output.isEmpty()) throw new IllegalArgumentException("choose an output folder (" + Opt.OUTPUT_FOLDER +
			"=...)");
		Consumer<String> lines = line -> IJ.log("Diffusion NCut Batch: " + line);
		List<BatchRun.Item> items = input.isEmpty() ? BatchRun.stack(WindowManager.getCurrentImage())
			: BatchRun.folder(Paths.get(input), settings, lines);
		BatchRun.Summary s = Workspace.shared().batch(items, Paths.get(output), overwrite, settings, progress(),
			canceled(), IJ::log, w -> IJ.log("Diffusion NCut warning: " + w), lines);
		IJ.log("Diffusion NCut Batch: " + s);
		if (s.canceled) fail(s.canceledMessage());
	}

	private void recut() {
		ImagePlus imp = WindowManager.getCurrentImage();
		RecutState state = imp == null ? null : Workspace.shared().recent(imp.getID());
		if (state == null) throw new IllegalArgumentException("no Diffusion NCut segmentation of " + (imp == null ?
			"any image" : imp.getTitle()) + " is kept: run Diffusion NCut Segmentation on a single image first");
		double max = state.range() > 0 ? state.range() : 2;
		Map<String, String> given = macroOptions(Arrays.asList(Opt.THRESHOLD, Opt.ROIS));
		double tau;
		boolean rois;
		if (given != null) {
			tau = threshold(given.getOrDefault(Opt.THRESHOLD, Opt.number(Opt.THRESHOLD_DEFAULT)));
			rois = Boolean.parseBoolean(given.getOrDefault(Opt.ROIS, "false"));
		}
		else {
			GenericDialog gd = new GenericDialog(TITLE + " Re-cut");
			gd.addSlider(Opt.ij1Label(Opt.THRESHOLD), 0, max, Math.min(max, Double.parseDouble(last.get(Opt.THRESHOLD))),
				0.01);
			gd.addCheckbox(Opt.ij1Label(Opt.ROIS), false);
			gd.addMessage("                                        ");
			Label count = (Label) gd.getMessage();
			gd.addDialogListener((dialog, e) -> {
				double t = dialog.getNextNumber();
				if (dialog.invalidNumber() || !(t >= 0)) return false;
				int n = state.apply(StoppingRule.ncut(t));
				if (count != null) count.setText(n + " segments" + (state.preview(StoppingRule.ncut(t)).truncated() > 0 ?
					" (tree not grown this far: raise the re-cut range)" : ""));
				return true;
			});
			gd.showDialog();
			if (gd.wasCanceled()) {
				state.reset();
				return;
			}
			tau = threshold(Opt.number(gd.getNextNumber()));
			rois = gd.getNextBoolean();
			record(Opt.ROIS, rois);
			last.put(Opt.THRESHOLD, Opt.number(tau));
		}
		if (state.preview(StoppingRule.ncut(tau)).truncated() > 0) IJ.log("Diffusion NCut warning: threshold " + Opt
			.number(tau) + " is beyond the re-cut range this tree was grown to (" + Opt.number(state.range()) + "): " +
			"parts that would split further stay whole; segment again with a larger " + Opt.RECUT_RANGE);
		int n = state.apply(StoppingRule.ncut(tau));
		if (rois) SegmentRois.toRoiManager(state.rois());
		IJ.log("Diffusion NCut Re-cut: " + imp.getTitle() + " at NCut threshold " + Opt.number(tau) + ": " + n +
			" segments");
	}

	/** A re-cut threshold: an NCut value, 0 to 2. */
	private static double threshold(String text) {
		double t;
		try {
			t = Double.parseDouble(text.trim());
		}
		catch (NumberFormatException e) {
			t = Double.NaN;
		}
		if (!(t >= 0 && t <= 2)) throw new IllegalArgumentException(Opt.THRESHOLD + "=" + text.trim() + ": give an " +
			"NCut threshold from 0 to 2");
		return t;
	}

	/**
	 * The options of the macro that runs this command, or null when the user answers a dialog instead. A macro
	 * without options gets the defaults where no ImageJ window could show the dialog (batch mode, headless).
	 */
	private static Map<String, String> macroOptions(Collection<String> keys) {
		String options = Macro.getOptions();
		if (options == null && !(IJ.isMacro() && unattended())) return null;
		return MacroOptions.parse(options, keys, Opt.BOOLEANS);
	}

	/** True where nobody can answer a dialog: no ImageJ window (-batch, headless). */
	private static boolean unattended() {
		return IJ.getInstance() == null || GraphicsEnvironment.isHeadless();
	}

	/** Adds a field per option of {@code values} (key → the value it shows) to {@code gd}, in order. */
	private static void addFields(GenericDialog gd, Map<String, String> values) {
		for (Map.Entry<String, String> e : values.entrySet()) {
			String key = e.getKey(), label = Opt.ij1Label(key), v = e.getValue();
			List<String> choices = Opt.choices(key);
			if (choices != null) gd.addChoice(label, choices.toArray(new String[0]), v);
			else if (Opt.BOOLEANS.contains(key)) gd.addCheckbox(label, Boolean.parseBoolean(v));
			else if (Opt.numeric(key)) gd.addNumericField(label, Double.parseDouble(v), v.contains(".") ? 2 : 0);
			else gd.addStringField(label, v, key.equals(Opt.MODEL) ? 30 : 12);
		}
	}

	/** Reads the fields {@link #addFields} added for {@code keys} from the answered dialog, in order. */
	private static Map<String, String> readFields(GenericDialog gd, Collection<String> keys) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String key : keys) {
			if (Opt.choices(key) != null) values.put(key, gd.getNextChoice());
			else if (Opt.BOOLEANS.contains(key)) {
				boolean on = gd.getNextBoolean();
				record(key, on);
				values.put(key, String.valueOf(on));
			}
			else if (Opt.numeric(key)) values.put(key, Opt.number(gd.getNextNumber()));
			else values.put(key, gd.getNextString());
		}
		return values;
	}

	/**
	 * Records an unticked checkbox as {@code key=false}: the recorder leaves it out, and an absent key would replay
	 * as its default, which may be on.
	 */
	private static void record(String key, boolean on) {
		if (!on && Recorder.record) Recorder.recordOption(key, "false");
	}

	private static BooleanSupplier canceled() {
		IJ.resetEscape();
		return IJ::escapePressed;
	}

	private static Progress progress() {
		return (fraction, stage) -> {
			IJ.showProgress(fraction);
			IJ.showStatus(TITLE + ": " + stage);
		};
	}

	/**
	 * Reports a failure and stops the macro that called the command, so that its next line cannot save the input as
	 * labels. A command-line macro (no ImageJ window) ends ImageJ with exit code 1; ImageJ would otherwise exit 0.
	 */
	private static void fail(String message) {
		String m = TITLE + ": " + message;
		IJ.log(m); // without an ImageJ window, the log is the console
		if (IJ.isMacro() && unattended()) System.exit(1);
		IJ.error(TITLE, message); // a dialog where there is a display; also aborts a running macro
	}
}
