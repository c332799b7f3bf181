package org.diffncut.fiji;

import java.io.File;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.diffncut.ij.BatchRun;
import org.diffncut.ij.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Diffusion NCut Batch for scripts and {@code CommandService}: every image of a folder (or every slice of the open stack when no
 * folder is given) to a label image in the output folder, with segments.csv; resumable, see {@link BatchRun}.
 */
@Plugin(type = Command.class, attrs = @Attr(name = "no-legacy"), headless = true,
	description = "Segment a folder of images (or the slices of the open stack) into label images.")
public class BatchCommand extends SegmentationCommand {
	@Parameter(persist = false, label = "Input folder (empty: the open stack)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Folder of images to segment. Leave empty to segment each slice of the open image.")
	private File input_folder;

	@Parameter(persist = false, label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Where <name>-labels.tif and segments.csv go; created if missing.")
	private File output_folder;

	@Parameter(persist = false, label = "Overwrite existing label images", description = "Off: images whose label image exists are " +
		"skipped, so an interrupted batch resumes.")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Override
	public void run() {
		guarded(() -> {
			Settings settings = settings();
			if (output_folder == null) throw new IllegalArgumentException("choose an output folder");
			boolean fromFolder = input_folder != null && !input_folder.getPath().isEmpty();
			List<BatchRun.Item> items = fromFolder ? BatchRun.folder(input_folder.toPath()) : BatchRun.stack(input);
			StatusProgress progress = new StatusProgress(status, "Diffusion NCut Batch: ");
			BatchRun.Summary s = service.workspace().batch(items, output_folder.toPath(), overwrite, settings, progress,
				canceled(), log::info, log::warn, line -> log.info("Diffusion NCut Batch: " + line));
			progress.done();
			summary = s.toString();
			log.info("Diffusion NCut Batch: " + summary);
			if (s.canceled) fail("batch canceled after " + s.done + " images; run it again to resume");
		});
	}
}
