package org.diffncut.fiji;

import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Diffusion NCut Release Model for scripts and {@code CommandService}: frees the model's memory (it reloads on the next run). */
@Plugin(type = Command.class, attrs = @Attr(name = "no-legacy"), headless = true)
public class ReleaseModelCommand implements Command {
	@Parameter
	private LogService log;
	@Parameter
	private DiffusionNCutService service;

	@Override
	public void run() {
		String was = service.workspace().describe();
		service.workspace().release();
		log.info("Diffusion NCut: released " + was);
	}
}
