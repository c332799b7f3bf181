package org.diffncut.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

/** The names label images and batch items take from their input's title; references written out by hand. */
class LabelImagesTest {
	@Test
	void aTitleLosesItsExtensionTwoPartOnesIncluded() {
		assertEquals("cells-labels", LabelImages.title(new ImagePlus("cells.tif", new ByteProcessor(8, 8))));
		assertEquals("brain-labels", LabelImages.title(new ImagePlus("brain.nii.gz", new ByteProcessor(8, 8))));
		assertEquals("brain-labels", LabelImages.title(new ImagePlus("brain.NII.GZ", new ByteProcessor(8, 8))));
		assertEquals("brain-labels", LabelImages.title(new ImagePlus("brain.nii", new ByteProcessor(8, 8))));
		assertEquals("scan-labels", LabelImages.title(new ImagePlus("scan.ome.tiff", new ByteProcessor(8, 8))));
		assertEquals("scan-labels", LabelImages.title(new ImagePlus("scan.ome.tif", new ByteProcessor(8, 8))));
		// not extensions: a dot that starts the name, five letters, a space, a lone dot
		assertEquals(".tif-labels", LabelImages.title(new ImagePlus(".tif", new ByteProcessor(8, 8))));
		assertEquals("run.final-labels", LabelImages.title(new ImagePlus("run.final", new ByteProcessor(8, 8))));
		assertEquals("v1.2 b-labels", LabelImages.title(new ImagePlus("v1.2 b", new ByteProcessor(8, 8))));
		assertEquals("a.-labels", LabelImages.title(new ImagePlus("a.", new ByteProcessor(8, 8))));
		assertEquals("v1.2-labels", LabelImages.title(new ImagePlus("v1.2.png", new ByteProcessor(8, 8))));
	}

	@Test
	void theSlicesOfAStackOpenedFromNiftiAreNamedWithoutItsExtension() {
		ImageStack stack = new ImageStack(32, 32);
		for (int i = 0; i < 3; i++) stack.addSlice(new ByteProcessor(32, 32));
		ImagePlus imp = new ImagePlus("brain.nii.gz", stack);
		assertEquals("brain-2", BatchRun.stack(imp).get(1).name);
		assertEquals("brain-2-labels.tif", BatchRun.stack(imp).get(1).labels);
	}

	/** The legacy menu's batch and the SciJava one both come here when the input folder is left empty. */
	@Test
	void aBatchOfNoFolderAndNoOpenStackSaysWhatToChoose() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchRun.stack(null));
		assertEquals("no input folder and no open stack: choose an input folder, or open a stack", e.getMessage());
	}
}
