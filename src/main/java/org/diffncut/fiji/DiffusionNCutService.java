package org.diffncut.fiji;

import org.diffncut.ij.Workspace;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Keeps the loaded Stable Diffusion model and the recent segmentations between command runs, and releases them
 * when the SciJava context is disposed (Fiji quits).
 */
@Plugin(type = Service.class)
public class DiffusionNCutService extends AbstractService implements SciJavaService {
	private final Workspace workspace = new Workspace();

	public Workspace workspace() {
		return workspace;
	}

	@Override
	public void dispose() {
		workspace.close();
	}
}
