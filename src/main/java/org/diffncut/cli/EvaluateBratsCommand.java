package org.diffncut.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.diffncut.eval.BratsEvaluation;
import org.diffncut.eval.BratsScores;
import org.diffncut.eval.BratsScores.Mapping;
import org.diffncut.eval.BratsScores.Region;
import org.diffncut.io.AtomicFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffncut evaluate-brats}: Dice and HD95 of the tumour regions for every case. */
@Command(name = "evaluate-brats", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Scores PRED/<case>_labels.nii.gz against each case's *seg.nii.gz: Dice and HD95 (mm) of the " +
		"whole tumour (WT), tumour core (TC) and enhancing tumour (ET), after merging each segment into its " +
		"majority label and after a one-to-one Hungarian matching." })
final class EvaluateBratsCommand implements Callable<Integer> {
	@Spec
	private CommandSpec spec;

	@Option(names = "--pred", required = true, paramLabel = "DIR", description = "Folder of <case>_labels.nii.gz.")
	private Path predictions;

	@Option(names = "--root", required = true, paramLabel = "DIR", description = "The BraTS root: one folder per case.")
	private Path root;

	@Option(names = "--json", required = true, paramLabel = "FILE", description = "Scores per case and means.")
	private Path json;

	@Option(names = "--csv", paramLabel = "FILE", description = "One row per case, with its status.")
	private Path csv;

	@Option(names = "--labels", defaultValue = "auto", paramLabel = "auto|2021|2023",
		description = "Ground-truth labels: 2021 {0,1,2,4}, 2023 {0,1,2,3}, or auto (2021 when a volume holds 4). " +
			"Default: ${DEFAULT-VALUE}.")
	private String labels;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		BratsScores.Labels edition = BratsScores.Labels.parse(labels);
		BratsEvaluation e;
		try (ProgressBar bar = new ProgressBar(err, System.console() != null)) {
			e = BratsEvaluation.run(predictions, root, edition, bar, note -> err.println("diffncut: case " + note));
		}
		AtomicFile.write(json, o -> o.write(e.toJson().getBytes(StandardCharsets.UTF_8)));
		if (csv != null) AtomicFile.write(csv, o -> o.write(e.toCsv().getBytes(StandardCharsets.UTF_8)));
		long scored = e.cases().stream().filter(c -> c.scores != null).count();
		out.println(scored + " of " + e.cases().size() + " cases scored");
		for (Mapping m : Mapping.values()) {
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", m.name().toLowerCase(Locale.ROOT)));
			for (Region r : Region.values())
				line.append(String.format(Locale.ROOT, "  %s dice %.4f hd95 %.2f", r, e.mean(m, r, true), e.mean(m, r, false)));
			out.println(line);
		}
		return scored == e.cases().size() ? 0 : 1;
	}
}
