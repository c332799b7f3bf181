package org.diffncut.fiji;

import java.util.function.BooleanSupplier;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Plugins › Segmentation › Diffusion NCut Segmentation: segments the image (every slice and frame of a stack)
 * and returns a 16-bit label image; ROIs go to the ROI Manager and, if asked, the segments outline the input.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>Diffusion NCut Segmentation", headless = true,
	iconPath = "/org/diffncut/fiji/icon.png",
	description = "Training-free segmentation: Stable Diffusion self-attention cut by recursive normalised cuts.")
public class SegmentCommand extends SegmentationCommand {
	@Parameter(label = "Image")
	private ImagePlus input;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Override
	public void run() {
		guarded(() -> {
			Settings settings = settings();
			ImagePlusImages.check(input);
			StatusProgress progress = new StatusProgress(status, "Diffusion NCut: ");
			BooleanSupplier canceled = canceled();
			ImageSegmentation result = service.workspace().withModel(settings.model(), settings.device(), progress
				.range(0, 0.05), canceled, log::info, segmenter -> ImageSegmentation.run(input, settings, segmenter,
					progress.range(0.05, 0.95), canceled, log::info, log::warn));
			progress.done();
			labels = result.labels();
			if (!result.publish(settings, service.workspace())) log.warn("Diffusion NCut: no display, so the " +
				result.rois().size() + " ROIs were not added to the ROI Manager; use the label image");
			log.info(String.format(java.util.Locale.ROOT, "Diffusion NCut: %s: %d segments in %.1f s", input.getTitle(),
				result.segments(), result.seconds()));
		});
	}
}
