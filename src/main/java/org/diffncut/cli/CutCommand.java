package org.diffncut.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.LabelPng;
import org.diffncut.io.OutputPlan;
import org.diffncut.ncut.SplitTreeJson;
import org.diffncut.pipeline.CutOptions;
import org.diffncut.pipeline.AttentionCut;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.TreeRecord;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffncut cut}: attention matrix → label image. */
@Command(name = "cut", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Segment from a saved attention matrix P (safetensors tensor 'P', float32 [N,N]) into a " +
		"16-bit label PNG (labels 0..K-1, the largest segment first).")
final class CutCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--attention", required = true, paramLabel = "P.safetensors",
		description = "Attention matrix file, as written by 'diffncut attention'.")
	Path attention;

	@Option(names = "--grid", paramLabel = "HxW", description = "Latent grid of P, rows x columns. Default: the file's 'grid' metadata, else square.")
	Converters.Grid grid;

	@Mixin
	CutOptionsMixin cut;

	@Mixin
	CutDeviceMixin device;

	@Option(names = "--size", paramLabel = "WxH", description = "Size of the label image. Default: the original image size recorded in the file, else 8 " +
			"pixels per grid cell.")
	Converters.Size size;

	@Option(names = "--out", required = true, paramLabel = "labels.png", description = "Label image to write.")
	Path out;

	@Option(names = "--tree", paramLabel = "tree.json",
		description = "Also save the split tree, for 'diffncut recut'.")
	Path tree;

	@Override
	public Integer call() throws Exception {
		new OutputPlan().input("--attention", attention).output("--out", out).output("--tree", tree);
		Converters.checkPng(spec, "--out", out);
		AttentionFile file = AttentionFile.read(attention, grid == null ? null : grid.toArray(), "--grid " + grid);
		TransitionMatrix p = file.transitions();
		GridPlacement o = Converters.Size.or(size, file.metadata(), p, attention);
		CutOptions options = cut.options().withDevice(device.device);
		Segmentation s = AttentionCut.segment(p, o.window(), o.width(), o.height(), options, Progress.NONE, Cancel.NEVER);
		try (AtomicFile.Group files = new AtomicFile.Group()) {
			files.add(out, stream -> LabelPng.write(stream, s.labels().labels(), o.width(), o.height()));
			if (tree != null) files.add(tree, stream -> SplitTreeJson.write(s.tree().withMetadata(TreeRecord.of(attention,
				p, options, o)), stream));
			files.commit();
		}
		Reports.segmented(spec.commandLine().getOut(), spec.commandLine().getErr(), s);
		return 0;
	}
}
