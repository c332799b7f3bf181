package org.diffncut.fiji;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;

import org.diffncut.ij.BatchRun;
import org.diffncut.ij.Opt;
import org.diffncut.ij.Settings;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Diffusion NCut Batch for scripts and {@code CommandService}: every image, NIfTI volume and BraTS case folder of a
 * folder (or every slice of the open stack when no folder is given) to a label file in the output folder, with
 * segments.csv; resumable, see {@link BatchRun}.
 */
@Plugin(type = Command.class, attrs = @Attr(name = "no-legacy"), headless = true,
	description = "Segment a folder of images (or the slices of the open stack) into label images.")
public class BatchCommand extends SegmentationCommand {
	@Parameter(persist = false, label = "Input folder (empty: the open stack)", style = FileWidget.DIRECTORY_STYLE, required = false,
		description = "Folder of images, NIfTI volumes (.nii, .nii.gz) and BraTS case folders to segment. Leave " +
			"empty to segment each slice of the open image.")
	private File input_folder;

	@Parameter(persist = false, label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Where <name>-labels.tif (images), <name>-labels.nii.gz (volumes), <case>_labels.nii.gz " +
			"(BraTS cases) and segments.csv go; created if missing.")
	private File output_folder;

	@Parameter(persist = false, label = "Overwrite existing label images", description = "Off: images whose label image exists are " +
		"skipped, so an interrupted batch resumes.")
	private boolean overwrite = false;

	@Parameter(persist = false, label = Opt.MODALITIES_LABEL, description = Opt.MODALITIES_HELP)
	private String modalities = Opt.MODALITIES_DEFAULT;

	@Parameter(persist = false, label = Opt.AXIS_LABEL, description = Opt.AXIS_HELP, min = "0", max = "2")
	private int axis = Opt.AXIS_DEFAULT;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	/** The segmentation options and the batch's own ({@link Opt#BATCH_DEFAULTS}). */
	@Override
	protected Settings settings() {
		return Settings.forBatch(this::option);
	}

	@Override
	public void run() {
		guarded(() -> {
			Settings settings = settings();
			if (output_folder == null) throw new IllegalArgumentException("choose an output folder");
			boolean fromFolder = input_folder != null && !input_folder.getPath().isEmpty();
			Consumer<String> lines = line -> log.info("Diffusion NCut Batch: " + line);
			List<BatchRun.Item> items = fromFolder ? BatchRun.folder(input_folder.toPath(), settings, lines) : BatchRun
				.stack(input);
			StatusProgress progress = new StatusProgress(status, "Diffusion NCut Batch: ");
			BatchRun.Summary s = service.workspace().batch(items, output_folder.toPath(), overwrite, settings, progress,
				canceled(), log::info, log::warn, lines);
			progress.done();
			summary = s.toString();
			log.info("Diffusion NCut Batch: " + summary);
			if (s.canceled) fail(s.canceledMessage());
		});
	}
}
