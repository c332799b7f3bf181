package org.diffncut.ij;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.HashMap;
import java.util.Map;

import ij.Executer;
import ij.IJ;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * A user at a real ImageJ with its windows (MacroIT): opens the Recorder, chooses Diffusion NCut Segmentation from
 * the menu, fills its dialog and presses OK. Called from a macro with
 * {@code call("org.diffncut.ij.RecordingDriver.record", "steps=2|rois=false|...")}; returns the recorded line.
 */
public final class RecordingDriver {
	private RecordingDriver() {}

	public static String record(String answers) throws Exception {
		Map<String, String> a = new HashMap<>();
		for (String kv : answers.split("\\|")) a.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		EventQueue.invokeAndWait(Recorder::new);
		// as a menu click does: on a thread of its own, not a macro's, so that the recorder records it
		new Executer("Diffusion NCut Segmentation", WindowManager.getCurrentImage());
		GenericDialog gd = null;
		for (long end = System.currentTimeMillis() + 60_000; gd == null && System.currentTimeMillis() < end; Thread
			.sleep(100))
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing()) gd = (GenericDialog) w;
		if (gd == null) return "no dialog";
		GenericDialog dialog = gd;
		EventQueue.invokeAndWait(() -> {
			int text = 0, number = 0, box = 0, choice = 0;
			for (String key : Opt.DEFAULTS.keySet()) {
				String v = a.get(key);
				if (Opt.choices(key) != null) {
					Choice c = (Choice) dialog.getChoices().get(choice++);
					if (v != null) c.select(v);
				}
				else if (Opt.BOOLEANS.contains(key)) {
					Checkbox c = (Checkbox) dialog.getCheckboxes().get(box++);
					if (v != null) c.setState(Boolean.parseBoolean(v));
				}
				else {
					TextField f = (TextField) (Opt.numeric(key) ? dialog.getNumericFields().get(number++) : dialog
						.getStringFields().get(text++));
					if (v != null) f.setText(v);
				}
			}
			dialog.actionPerformed(new ActionEvent(dialog.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK"));
		});
		for (long end = System.currentTimeMillis() + 150_000; System.currentTimeMillis() < end; Thread.sleep(200)) {
			for (String line : Recorder.getInstance().getText().split("\n"))
				if (line.startsWith("run(\"Diffusion NCut Segmentation\"")) return line;
		}
		return "nothing recorded: " + IJ.getLog();
	}
}
