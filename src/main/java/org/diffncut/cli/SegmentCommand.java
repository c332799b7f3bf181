package org.diffncut.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.attention.GridPlacement;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.LabelPng;
import org.diffncut.io.OutputPlan;
import org.diffncut.io.RgbImages;
import org.diffncut.ncut.SplitTree;
import org.diffncut.ncut.SplitTreeJson;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiVolume;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.TreeRecord;
import org.diffncut.volume.Channels;
import org.diffncut.volume.VolumeSegmenter;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffncut segment}: image → label image, in one run. */
@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Segment an image: Stable Diffusion self-attention, recursive normalised cuts, labels at the " +
		"image's size (16-bit PNG, labels 0..K-1, the largest segment first).")
final class SegmentCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--image", paramLabel = "IMG", description = "Image to segment (PNG, JPEG, BMP, GIF), or a " +
		"NIfTI volume (.nii, .nii.gz), segmented slice by slice into a label volume.")
	Path image;

	@Option(names = "--channels", split = ",", paramLabel = "VOL", description = "Instead of --image: up to three " +
		"co-registered NIfTI volumes that become the red, green and blue of each slice.")
	List<Path> channels;

	@Option(names = "--out", required = true, paramLabel = "labels.png",
		description = "Label image to write; for a volume a NIfTI label volume (.nii or .nii.gz) with its geometry.")
	Path out;

	@Option(names = "--tree", paramLabel = "tree.json",
		description = "Also save the split tree, and beside it the attention matrix, for 'diffncut recut'.")
	Path tree;

	@Mixin
	VolumeOptionsMixin volume;

	@Mixin
	ModelOptionsMixin model;

	@Mixin
	AttentionOptionsMixin attention;

	@Mixin
	CutOptionsMixin cut;

	@Override
	public Integer call() throws Exception {
		if ((image == null) == (channels == null)) throw new ParameterException(spec.commandLine(),
			"give --image IMG or --channels VOL,VOL,VOL");
		OutputPlan plan = new OutputPlan().input("--image", image);
		if (channels != null) channels.forEach(c -> plan.input("--channels", c));
		plan.output("--out", out).output("--tree", tree).output("the attention file beside --tree", tree == null ? null :
			besideTree(tree));
		if (channels != null || Nifti.isNiftiName(image.getFileName().toString())) return volume();
		Converters.checkPng(spec, "--out", out);
		ArrayImg<ARGBType, IntArray> img = RgbImages.read(image, w -> spec.commandLine().getErr().println("diffncut: warning: " + w));
		AttentionOptions a = attention.options();
		CutOptions c = cut.options();
		Segmentation s;
		try (DiffusionSegmenter segmenter = model.open(a, spec.commandLine().getErr());
			ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null))
		{
			s = segmenter.segment(img, a, c, bar, Cancel.NEVER);
		}
		int w = s.labels().width(), h = s.labels().height();
		try (AtomicFile.Group files = new AtomicFile.Group()) {
			files.add(out, o -> LabelPng.write(o, s.labels().labels(), w, h));
			if (tree != null) {
				Path p = besideTree(tree);
				GridPlacement placement = GridPlacement.of(w, h, s.window());
				files.add(p, AttentionFile.writer(s.walk().transitions(), placement, Collections.singletonMap("source",
					image.toString()))::write);
				SplitTree t = s.tree().withMetadata(TreeRecord.of(p, s.walk().transitions(), c, placement));
				files.add(tree, o -> SplitTreeJson.write(t, o));
			}
			files.commit();
		}
		Reports.segmented(spec.commandLine().getOut(), spec.commandLine().getErr(), s);
		return 0;
	}

	/** A volume (or up to three channel volumes) slice by slice into one label volume. */
	private int volume() throws Exception {
		if (!Nifti.isNiftiName(out.getFileName().toString())) throw new ParameterException(spec.commandLine(),
			"a volume's labels are a NIfTI volume: give --out LABELS.nii.gz");
		if (tree != null) throw new ParameterException(spec.commandLine(), "--tree is for images; a volume has one " +
			"tree per slice");
		List<Path> files = channels != null ? channels : List.of(image);
		List<NiftiVolume> volumes = new ArrayList<>();
		for (Path f : files) volumes.add(Nifti.read(f));
		Channels c = Channels.of(volumes, files.stream().map(Path::toString).collect(Collectors.toList()), volume.mode());
		AttentionOptions a = VolumeOptionsMixin.forSlices(attention.options(), spec);
		VolumeSegmenter.Result r;
		try (DiffusionSegmenter segmenter = model.open(a, spec.commandLine().getErr());
			ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System.console() != null))
		{
			r = volume.segmenter(segmenter, a, cut.options()).segment(c, bar, Cancel.NEVER);
		}
		Nifti.writeLabels(out, c.reference().header(), r.labels, "diffncut labels");
		spec.commandLine().getOut().println(r.segments + " segments in " + r.segmented + " of " + r.slices + " slices");
		spec.commandLine().getErr().println("time: " + r.timings + String.format(" (total %.2f s)", r.timings.total()));
		return 0;
	}

	/** The attention file {@code --tree} saves beside the tree, for recut: {@code <tree>.attention.safetensors}. */
	static Path besideTree(Path tree) {
		return tree.resolveSibling(tree.getFileName().toString().replaceFirst("\\.json$", "") + ".attention.safetensors");
	}
}
