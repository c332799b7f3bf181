package org.diffncut.fiji;

import java.util.Locale;

import org.diffncut.ij.ImageSegmentation;
import org.diffncut.ij.ImgLib2Images;
import org.diffncut.ij.Settings;

import org.scijava.ItemIO;
import org.scijava.Named;
import org.scijava.command.Command;
import org.scijava.display.DisplayService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import ij.ImagePlus;

/**
 * Diffusion NCut Segmentation for scripts and {@code CommandService}: segments the image (every slice and frame of a stack)
 * and returns a 16-bit label image; ROIs go to the ROI Manager and, if asked, the segments outline the input.
 */
@Plugin(type = Command.class, attrs = @Attr(name = "no-legacy"), headless = true, description = "Training-free segmentation: Stable Diffusion self-attention cut by recursive normalised cuts.")
public class SegmentCommand extends SegmentationCommand {
	@Parameter(persist = false, label = "ImgLib2 image (scripts; instead of the image)", required = false,
		description = "X,Y gray or ARGB, or X,Y,Z gray planes; an ImageJ2 Dataset or ImgPlus by its axes (X,Y with " +
			"Channel, Z, Time): for scripts that hold an ImgLib2 image.")
	private RandomAccessibleInterval<?> image;

	@Parameter
	private DisplayService displays;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels (ImgLib2)")
	private Img<UnsignedShortType> label_image;

	@Override
	public void run() {
		guarded(() -> {
			Settings settings = settings();
			// --open X --run: nothing filled the inputs, but the console opened an image into a display
			if (input == null && image == null) image = ImageJ2Images.shown(displays);
			if (input == null && image != null) input = ImgLib2Images.toImagePlus(image, image instanceof Named ?
				((Named) image).getName() : "image", ImageJ2Images.axes(image));
			StatusProgress progress = new StatusProgress(status, "Diffusion NCut: ");
			ImageSegmentation result = service.workspace().segment(input, settings, progress, canceled(), log::info,
				log::warn);
			progress.done();
			labels = result.labels();
			label_image = ImgLib2Images.labels(labels);
			if (!result.publish(settings, service.workspace())) log.warn("Diffusion NCut: no display, so the " +
				result.rois().size() + " ROIs were not added to the ROI Manager; use the label image");
			log.info(String.format(Locale.ROOT, "Diffusion NCut: %s: %d segments in %.1f s", input.getTitle(),
				result.segments(), result.seconds()));
		});
	}
}
