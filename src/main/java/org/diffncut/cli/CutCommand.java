package org.diffncut.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.GridPlacement;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.graph.GraphKind;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffncut cut}: attention matrix → label image. */
@Command(name = CutCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
	description = "Segment from a saved attention matrix P (safetensors tensor 'P', float32 [N,N]) into a " +
		"16-bit label PNG (labels 0..K-1, the largest segment first).")
final class CutCommand implements Callable<Integer> {
	/** The command's name, a constant: reading it from the annotation costs tens of milliseconds at start-up. */
	static final String NAME = "cut";

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

	@Option(names = "--check-dense", description = "Also cut the dense way, forming A = P^k (P^k)^T (an O(N^3) " +
		"product on the PyTorch engine, which this loads), print its times and whether its partition equals the " +
		"factored cut's, and exit with 1 if not. Dot and cosine graphs; the labels written are the factored cut's.")
	boolean checkDense;

	@Override
	public Integer call() throws Exception {
		new OutputPlan().input("--attention", attention).output("--out", out).output("--tree", tree);
		Converters.checkPng(spec, "--out", out);
		AttentionFile file = AttentionFile.read(attention, grid == null ? null : grid.toArray(), "--grid " + grid);
		TransitionMatrix p = file.transitions();
		GridPlacement o = Converters.Size.or(size, file.metadata(), p, attention);
		CutOptions options = cut.options().withDevice(device.device);
		if (checkDense && options.graph() == GraphKind.WALK) throw new ParameterException(spec.commandLine(),
			"--check-dense compares the factored cut with the dense one; the walk graph is only cut densely");
		Segmentation s = AttentionCut.segment(p, o.window(), o.width(), o.height(), options, Progress.NONE, Cancel.NEVER);
		try (AtomicFile.Group files = new AtomicFile.Group()) {
			files.add(out, stream -> LabelPng.write(stream, s.labels().labels(), o.width(), o.height()));
			if (tree != null) files.add(tree, stream -> SplitTreeJson.write(s.tree().withMetadata(TreeRecord.of(attention,
				p, options, o)), stream));
			files.commit();
		}
		Reports.segmented(spec.commandLine().getOut(), spec.commandLine().getErr(), s);
		if (checkDense) {
			DensePath dense = new DensePath(AffinityGraph.of(s.walk(), options.graph()), options);
			String comparison = dense.comparison(s.tree());
			spec.commandLine().getErr().printf(Locale.ROOT, "dense check: A formed in %.2f s, cut in %.2f s " +
				"(factored ncut %.2f s): %s%n", dense.timings.seconds().get("gram"), dense.timings.seconds().get("ncut"),
				s.timings().seconds().get("ncut"), comparison);
			if (!dense.samePartition(s.tree())) throw new IllegalStateException("the dense cut's partition differs " +
				"from the factored cut's (" + comparison + "): please report it with the attention file");
		}
		return 0;
	}
}
