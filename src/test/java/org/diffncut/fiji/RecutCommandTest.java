package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.diffncut.ij.Opt;
import org.diffncut.ij.TestImages;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.command.CommandModule;

import ij.ImagePlus;

/**
 * Re-cut through CommandService after a segmentation run. Reference: the tiny model's split tree, where every
 * NCut threshold up to 0.95 keeps the image whole and 1.0 splits it into its 256 grid cells (16×16 at 128 px),
 * and a fresh run with the same rule.
 */
class RecutCommandTest {
	@BeforeAll
	static void start() {
		SegmentCommandTest.start();
	}

	@AfterAll
	static void stop() {
		SegmentCommandTest.stop();
	}

	@Test
	void relabelsTheLabelImageAndOverlayFromTheKeptTree() {
		ImagePlus input = TestImages.rgb();
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put("input", input);
		in.put(Opt.RECUT_RANGE, 1.0);
		CommandModule run = SegmentCommandTest.run(SegmentCommand.class, in);
		ImagePlus labels = (ImagePlus) run.getOutput("labels");
		int before = TestImages.distinct((short[]) labels.getProcessor().getPixels());

		RecutCommand cut = recut(labels, 1.0);
		assertFalse(cut.isCanceled(), cut::getCancelReason);
		assertEquals(256, cut.getOutput("segments"));
		assertEquals(256, TestImages.distinct((short[]) labels.getProcessor().getPixels()));
		assertEquals(256, input.getOverlay().size(), "overlay follows");

		assertEquals(1, recut(input, 0.5).getOutput("segments"), "the input finds its segmentation too");
		assertEquals(1, TestImages.distinct((short[]) labels.getProcessor().getPixels()));

		// same labels as a fresh run with that rule
		Map<String, Object> fresh = SegmentCommandTest.tinyOptions();
		fresh.put("input", TestImages.rgb());
		fresh.put(Opt.STOP, Opt.STOP_FIXED);
		fresh.put(Opt.THRESHOLD, 1.0);
		fresh.put(Opt.OVERLAY, false);
		ImagePlus direct = (ImagePlus) SegmentCommandTest.run(SegmentCommand.class, fresh).getOutput("labels");
		recut(labels, 1.0);
		assertTrue(Arrays.equals((short[]) direct.getProcessor().getPixels(), (short[]) labels.getProcessor()
			.getPixels()));
		assertTrue(before >= 2);
	}

	/**
	 * What the dialog does while the slider moves: the initializer fits the slider to the kept tree, each preview
	 * re-labels the label image at once, and Cancel goes back to the run's own rule.
	 */
	@Test
	void sliderPreviewRelabelsLiveAndCancelRestores() throws Exception {
		ImagePlus input = TestImages.rgb();
		Map<String, Object> in = SegmentCommandTest.tinyOptions();
		in.put("input", input);
		in.put(Opt.RECUT_RANGE, 1.0);
		ImagePlus labels = (ImagePlus) SegmentCommandTest.run(SegmentCommand.class, in).getOutput("labels");
		short[] original = ((short[]) labels.getProcessor().getPixels()).clone();

		Context context = SegmentCommandTest.context;
		ModuleService modules = context.service(ModuleService.class);
		RecutCommand dialog = (RecutCommand) modules.createModule(context.service(CommandService.class).getCommand(
			RecutCommand.class));
		dialog.setInput("image", labels);
		dialog.initialize();
		assertEquals(1.0, dialog.getInfo().getInput("threshold", Double.class).getMaximumValue(), "slider fitted to the tree");

		dialog.setInput("threshold", 1.0);
		dialog.preview();
		assertEquals(256, TestImages.distinct((short[]) labels.getProcessor().getPixels()), "live at 1.0");
		dialog.setInput("threshold", 0.5);
		dialog.preview();
		assertEquals(1, TestImages.distinct((short[]) labels.getProcessor().getPixels()), "live at 0.5");

		dialog.cancel();
		assertTrue(Arrays.equals(original, (short[]) labels.getProcessor().getPixels()), "cancel restores");
	}

	@Test
	void imageWithoutSegmentationGetsAClearMessage() {
		RecutCommand cut = recut(new ImagePlus("never segmented", new ij.process.ByteProcessor(16, 16)), 0.5);
		assertTrue(cut.isCanceled());
		assertTrue(cut.getCancelReason().contains("no Diffusion NCut segmentation of never segmented is kept"),
			cut.getCancelReason());
	}

	/** Runs Re-cut through the ModuleService (CommandService.run hands back no future for a DynamicCommand). */
	static RecutCommand recut(ImagePlus image, double threshold) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("threshold", threshold);
		in.put("rois", false);
		Context context = SegmentCommandTest.context;
		ModuleService modules = context.service(ModuleService.class);
		RecutCommand module = (RecutCommand) modules.createModule(context.service(CommandService.class).getCommand(
			RecutCommand.class));
		try {
			modules.run(module, true, in).get();
		}
		catch (Exception e) {
			throw new AssertionError(e);
		}
		return module;
	}
}
