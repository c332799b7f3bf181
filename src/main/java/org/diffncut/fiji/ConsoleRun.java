package org.diffncut.fiji;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.Map;
import java.util.function.IntConsumer;

import org.scijava.Cancelable;
import org.scijava.Priority;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.AbstractConsoleArgument;
import org.scijava.console.ConsoleArgument;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;
import org.scijava.startup.StartupService;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * {@code --run "Diffusion NCut Segmentation" "key=value, ..."} (or Batch, Re-cut; or the command's class name) on
 * ImageJ's command line. SciJava's own {@code --run} finds commands by title only among those with menu entries
 * (ours are ImageJ 1.x menu entries, so it ignores the argument), and ImageJ exits 0 whatever the command did. This
 * handler runs our SciJava command instead, with the options parsed as {@code --run} parses them; when the command
 * fails without a display, ImageJ exits with code 1 once the command has said why, so that a shell script or a
 * cluster job sees the failure.
 */
@Plugin(type = ConsoleArgument.class, priority = Priority.HIGH)
public class ConsoleRun extends AbstractConsoleArgument {
	/** Our commands by the titles their menu entries have. */
	static final Map<String, Class<? extends Command>> COMMANDS;
	static {
		Map<String, Class<? extends Command>> m = new LinkedHashMap<>();
		m.put("Diffusion NCut Segmentation", SegmentCommand.class);
		m.put("Diffusion NCut Batch", BatchCommand.class);
		m.put("Diffusion NCut Re-cut", RecutCommand.class);
		m.put("Diffusion NCut Release Model", ReleaseModelCommand.class);
		COMMANDS = Collections.unmodifiableMap(m);
	}

	/** How a failed run ends the process; tests replace it. */
	static IntConsumer exit = System::exit;

	/** How our lines begin; {@link #OURS} also covers "Diffusion NCut Batch: ..." and "... Re-cut: ...". */
	private static final String PREFIX = "Diffusion NCut: ", OURS = "Diffusion NCut";

	@Parameter
	private CommandService commands;
	@Parameter
	private ModuleService modules;
	@Parameter
	private StartupService startup;
	@Parameter
	private ParseService parser;
	@Parameter
	private UIService ui;
	@Parameter
	private LogService log;

	public ConsoleRun() {
		super(2, "--run");
	}

	@Override
	public boolean supports(LinkedList<String> args) {
		return super.supports(args) && command(args.get(1)) != null;
	}

	@Override
	public void handle(LinkedList<String> args) {
		if (!supports(args)) return;
		args.removeFirst(); // --run
		Class<? extends Command> command = command(args.removeFirst());
		String options = getParam(args);
		if (options != null) args.removeFirst();
		startup.addOperation(() -> run(command, options));
	}

	/** Our command named {@code name} (a menu title or a class name), or null. */
	static Class<? extends Command> command(String name) {
		Class<? extends Command> c = COMMANDS.get(name);
		if (c != null) return c;
		return COMMANDS.values().stream().filter(k -> k.getName().equals(name)).findFirst().orElse(null);
	}

	private void run(Class<? extends Command> command, String options) {
		String failure;
		try {
			Map<String, Object> inputs = Collections.emptyMap();
			if (options != null && !options.isBlank()) {
				Items items;
				try {
					items = parser.parse(options);
				}
				catch (RuntimeException e) {
					items = null;
				}
				if (items == null || !items.isMap()) throw new IllegalArgumentException("options '" + options + "' " +
					"are not key=value pairs separated by commas: write them as --run wants them, e.g. \"model=" +
					"'/models/sd14', stop='MAN-C with NCut', rois=true\"");
				inputs = items.asMap();
			}
			CommandInfo info = commands.getCommand(command);
			Module m = modules.createModule(info);
			// An omitted option means its default, never a dialog. An ImagePlus input is left to the current image
			// (SciJava fills it) when there is one; else the command finds the image itself or says there is none.
			boolean current = WindowManager.getCurrentImage() != null;
			for (ModuleItem<?> item : info.inputs())
				if (!inputs.containsKey(item.getName()) && !Service.class.isAssignableFrom(item.getType()) &&
					!(current && item.getType() == ImagePlus.class)) m.resolveInput(item.getName());
			m = modules.run(m, true, inputs).get();
			failure = m instanceof Cancelable && ((Cancelable) m).isCanceled() ? String.valueOf(((Cancelable) m)
				.getCancelReason()) : null;
			// our commands log their failures; SciJava's own (a required input unset) only cancel
			if (failure != null && !failure.startsWith(OURS)) log.error(PREFIX + failure);
		}
		catch (Exception e) {
			failure = PREFIX + (e.getMessage() == null ? e.toString() : e.getMessage());
			log.error(failure);
		}
		if (failure != null && ui.isHeadless()) exit.accept(1);
	}
}
