package org.diffncut.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.diffncut.attention.AttentionFile;
import org.diffncut.attention.GridPlacement;
import org.diffncut.graph.PowerWalk;
import org.diffncut.io.LabelPng;
import org.diffncut.io.OutputPlan;
import org.diffncut.ncut.SplitTree;
import org.diffncut.ncut.SplitTreeJson;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.pipeline.Segmentation;
import org.diffncut.pipeline.Timings;
import org.diffncut.pipeline.TreeRecord;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code diffncut recut}: labels for another stopping rule, from a saved split tree. */
@Command(name = "recut", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Re-cut a saved split tree with another stopping rule, without recomputing eigenvectors.")
final class RecutCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--tree", required = true, paramLabel = "tree.json", description = "Split tree saved by cut or segment.")
	Path tree;

	@Option(names = "--stop", required = true, paramLabel = "RULE", description = "Stopping rule: manc-ncut, manc-mincut or ncut:TAU.")
	StoppingRule stop;

	@Option(names = "--attention", paramLabel = "P.safetensors",
		description = "Attention matrix the tree was cut from. Default: the path recorded in the tree.")
	Path attention;

	@Option(names = "--size", paramLabel = "WxH", description = "Size of the label image. Default: the size recorded in the tree.")
	Converters.Size size;

	@Option(names = "--out", required = true, paramLabel = "labels.png", description = "Label image to write.")
	Path out;

	@Mixin
	CutDeviceMixin device;

	@Override
	public Integer call() throws Exception {
		SplitTree t = SplitTreeJson.read(tree);
		Map<String, String> m = t.metadata();
		Path p = attention != null ? attention : TreeRecord.attention(m);
		if (p == null || !Files.exists(p)) throw new IllegalArgumentException(tree + " refers to attention file " +
			(p == null ? "(none)" : p) + ", which is missing: pass it with --attention");
		new OutputPlan().input("--tree", tree).input(attention != null ? "--attention" : "the attention file of --tree", p)
			.output("--out", out);
		Converters.checkPng(spec, "--out", out);
		AttentionFile file = AttentionFile.read(p, GridPlacement.recordedGrid(m, tree), "the grid " + m.get(
			GridPlacement.GRID) + " of " + tree);
		GridPlacement o = Converters.Size.or(size, m, file.transitions(), tree);
		Timings timings = new Timings();
		PowerWalk walk = timings.time("walk", () -> PowerWalk.of(file.transitions(), TreeRecord.steps(m),
			device.device.cutDevice(-1)));
		Segmentation s = Segmentation.of(walk, t, stop, o.window(), o.width(), o.height(), timings);
		LabelPng.write(out, s.labels().labels(), o.width(), o.height());
		Reports.segmented(spec.commandLine().getOut(), spec.commandLine().getErr(), s);
		return 0;
	}
}
