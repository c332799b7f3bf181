package org.diffncut.fiji.ij1;

import java.awt.Label;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.diffncut.Progress;
import org.diffncut.fiji.BatchRun;
import org.diffncut.fiji.ImagePlusImages;
import org.diffncut.fiji.ImageSegmentation;
import org.diffncut.fiji.Opt;
import org.diffncut.fiji.RecutState;
import org.diffncut.fiji.SegmentRois;
import org.diffncut.fiji.Settings;
import org.diffncut.fiji.Workspace;
import org.diffncut.ncut.StoppingRule;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Diffusion NCut for plain ImageJ 1.x (no Fiji, no SciJava), registered by the ij1 jar's plugins.config with the
 * same menu entries and macro keys as the SciJava commands: {@code segment}, {@code batch}, {@code recut},
 * {@code release}. Dialogs are GenericDialogs whose labels begin with the {@link Opt} keys, so macros and the
 * recorder use the same keys as Fiji. The model stays loaded in {@link Workspace#shared()}.
 */
public class DiffusionNCutPlugIn implements PlugIn {
	private static final String TITLE = "Diffusion NCut";
	/** The values last used in this session, shown by the next dialog. */
	private static final Map<String, String> last = new LinkedHashMap<>(Opt.DEFAULTS);
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
		catch (CancellationException e) {
			error("canceled (" + e.getMessage() + "); nothing was written");
		}
		catch (IOException | IllegalArgumentException | IllegalStateException e) {
			error(e.getMessage());
		}
		catch (OutOfMemoryError e) {
			error(Opt.OUT_OF_MEMORY);
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	private void segment() throws IOException {
		ImagePlus imp = WindowManager.getCurrentImage();
		ImagePlusImages.check(imp);
		GenericDialog gd = new GenericDialog(TITLE + " Segmentation");
		addOptions(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		Settings settings = readOptions(gd);
		BooleanSupplier canceled = canceled();
		Progress progress = progress();
		ImageSegmentation result = Workspace.shared().withModel(settings.model(), settings.device(), progress.range(0,
			0.05), canceled, IJ::log, segmenter -> ImageSegmentation.run(imp, settings, segmenter, progress.range(0.05,
				0.95), canceled, IJ::log, w -> IJ.log("Diffusion NCut warning: " + w)));
		result.labels().show();
		if (!result.publish(settings, Workspace.shared())) IJ.log("Diffusion NCut: no display, so the ROIs were " +
			"not added to the ROI Manager");
		IJ.log(String.format(Locale.ROOT, "Diffusion NCut: %s: %d segments in %.1f s", imp.getTitle(), result
			.segments(), result.seconds()));
	}

	private void batch() throws IOException {
		GenericDialog gd = new GenericDialog(TITLE + " Batch");
		gd.addDirectoryField("Input_folder", lastInput, 30);
		gd.addDirectoryField("Output_folder", lastOutput, 30);
		gd.addCheckbox("Overwrite existing label images", lastOverwrite);
		gd.addMessage("Leave the input folder empty to segment each slice of the open stack.");
		addOptions(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		String input = lastInput = gd.getNextString().trim(), output = lastOutput = gd.getNextString().trim();
		boolean overwrite = lastOverwrite = gd.getNextBoolean();
		Settings settings = readOptions(gd);
		if (output.isEmpty()) throw new IllegalArgumentException("choose an output folder");
		List<BatchRun.Item> items = input.isEmpty() ? BatchRun.stack(WindowManager.getCurrentImage())
			: BatchRun.folder(Paths.get(input));
		BooleanSupplier canceled = canceled();
		Progress progress = progress();
		BatchRun.Summary s = Workspace.shared().withModel(settings.model(), settings.device(), progress.range(0,
			0.02), canceled, IJ::log, segmenter -> BatchRun.run(items, Paths.get(output), overwrite, (imp, p) ->
				ImageSegmentation.run(imp, settings, segmenter, p, canceled, IJ::log, w -> IJ.log(
					"Diffusion NCut warning: " + w)), progress.range(0.02, 0.98), canceled, line -> IJ.log(
						"Diffusion NCut Batch: " + line)));
		IJ.log("Diffusion NCut Batch: " + s);
		if (s.canceled) error("batch canceled after " + s.done + " images; run it again to resume");
	}

	private void recut() {
		ImagePlus imp = WindowManager.getCurrentImage();
		RecutState state = imp == null ? null : Workspace.shared().recent(imp.getID());
		if (state == null) throw new IllegalArgumentException("no Diffusion NCut segmentation of " + (imp == null ?
			"any image" : imp.getTitle()) + " is kept: run Diffusion NCut Segmentation on a single image first");
		double max = state.range() > 0 ? state.range() : 2;
		GenericDialog gd = new GenericDialog(TITLE + " Re-cut");
		gd.addSlider("Threshold", 0, max, Math.min(max, Double.parseDouble(last.get(Opt.THRESHOLD))), 0.01);
		gd.addCheckbox("Rois", false);
		gd.addMessage("                                        ");
		Label count = (Label) gd.getMessage();
		gd.addDialogListener((dialog, e) -> {
			double tau = dialog.getNextNumber();
			if (dialog.invalidNumber()) return false;
			int n = state.apply(StoppingRule.ncut(tau));
			if (count != null) count.setText(n + " segments" + (state.preview(StoppingRule.ncut(tau)).truncated() > 0 ?
				" (tree not grown this far: raise the re-cut range)" : ""));
			return true;
		});
		gd.showDialog();
		if (gd.wasCanceled()) {
			state.reset();
			return;
		}
		double tau = gd.getNextNumber();
		boolean rois = gd.getNextBoolean();
		last.put(Opt.THRESHOLD, Opt.number(tau));
		int n = state.apply(StoppingRule.ncut(tau));
		if (rois) SegmentRois.toRoiManager(state.rois());
		IJ.log("Diffusion NCut Re-cut: " + imp.getTitle() + " at NCut threshold " + Opt.number(tau) + ": " + n +
			" segments");
	}

	/** Adds every segmentation option to {@code gd}, with the values last used. */
	private static void addOptions(GenericDialog gd) {
		for (Map.Entry<String, String> e : last.entrySet()) {
			String key = e.getKey(), label = Opt.ij1Label(key), v = e.getValue();
			List<String> choices = Opt.choices(key);
			if (choices != null) gd.addChoice(label, choices.toArray(new String[0]), v);
			else if (v.equals("true") || v.equals("false")) gd.addCheckbox(label, Boolean.parseBoolean(v));
			else if (Opt.numeric(key)) gd.addNumericField(label, Double.parseDouble(v), v.contains(".") ? 2 : 0);
			else gd.addStringField(label, v, key.equals(Opt.MODEL) ? 30 : 12);
		}
		gd.addHelp(Opt.helpHtml());
	}

	/** Reads the fields of {@link #addOptions} from the shown dialog (or the macro's options), in order. */
	private static Settings readOptions(GenericDialog gd) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : last.entrySet()) {
			String key = e.getKey(), v = e.getValue();
			if (Opt.choices(key) != null) values.put(key, gd.getNextChoice());
			else if (v.equals("true") || v.equals("false")) values.put(key, String.valueOf(gd.getNextBoolean()));
			else if (Opt.numeric(key)) values.put(key, Opt.number(gd.getNextNumber()));
			else values.put(key, gd.getNextString());
		}
		Settings settings = Settings.of(values);
		last.putAll(values);
		return settings;
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

	private static void error(String message) {
		IJ.log("Diffusion NCut: " + message);
		if (Macro.getOptions() == null || !IJ.isMacro()) IJ.error(TITLE, message);
	}
}
