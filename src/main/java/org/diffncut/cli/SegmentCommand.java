package org.diffncut.cli;

import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.io.LabelPng;
import org.diffncut.io.RgbImages;
import org.diffncut.ncut.SplitTreeJson;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.Segmentation;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffncut segment}: image → label image, in one run. */
@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Segment an image: Stable Diffusion self-attention, recursive normalised cuts, labels at the " +
		"image's size (16-bit PNG, labels 0..K-1, the largest segment first).")
final class SegmentCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--image", required = true, paramLabel = "IMG", description = "Image to segment (PNG, JPEG, BMP, GIF).")
	Path image;

	@Option(names = "--out", required = true, paramLabel = "labels.png", description = "Label image to write.")
	Path out;

	@Option(names = "--tree", paramLabel = "tree.json",
		description = "Also save the split tree, and beside it the attention matrix, for 'diffncut recut'.")
	Path tree;

	@Mixin
	ModelOptionsMixin model;

	@Mixin
	AttentionOptionsMixin attention;

	@Mixin
	CutOptionsMixin cut;

	@Override
	public Integer call() throws Exception {
		ArrayImg<ARGBType, IntArray> img = RgbImages.read(image);
		AttentionOptions a = attention.options();
		CutOptions c = cut.options();
		Segmentation s;
		try (DiffusionSegmenter segmenter = model.open(a, spec.commandLine().getErr());
			ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null))
		{
			s = segmenter.segment(img, a, c, bar, Cancel.NEVER);
		}
		int w = s.labels().width(), h = s.labels().height();
		LabelPng.write(out, s.labels().labels(), w, h);
		if (tree != null) {
			Path p = tree.resolveSibling(tree.getFileName().toString().replaceFirst("\\.json$", "") + ".attention.safetensors");
			AttentionFile.write(p, s.walk().transitions(), s.window(), w, h, Collections.singletonMap("source", image.toString()));
			SplitTreeJson.write(s.tree().withMetadata(CutCommand.treeMetadata(p, s.walk().transitions(), c, s.window(), w, h)), tree);
		}
		Reports.segmented(spec.commandLine().getOut(), spec.commandLine().getErr(), s);
		return 0;
	}
}
