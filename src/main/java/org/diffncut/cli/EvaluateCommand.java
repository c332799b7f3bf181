package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.diffncut.eval.Evaluation;
import org.diffncut.eval.FolderEvaluation;
import org.diffncut.eval.ScoreCsv;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.OutputPlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffncut evaluate}: scores a folder of predicted label maps against ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
	description = { "Scores predicted label maps against ground-truth class maps: pixel accuracy, F1 and mIoU after " +
		"Hungarian matching (global and per image) and after oracle merging (per image).",
		"Predictions are raw segment ids; ground truth holds class ids 0..C-1, any other value is ignored." })
final class EvaluateCommand implements Callable<Integer> {
	/** Class counts beyond any segmentation benchmark; the matching's cost grows with C. */
	static final int MAX_CLASSES = 1024;

	@Spec
	private CommandSpec spec;

	@Option(names = "--pred", required = true, paramLabel = "DIR",
		description = "Folder of predicted label PNGs (8 or 16 bit), one per ground-truth file, same names.")
	private Path predictions;

	@Option(names = "--gt", required = true, paramLabel = "DIR", description = "Folder of ground-truth label PNGs.")
	private Path groundTruth;

	@Option(names = "--classes", required = true, paramLabel = "C", description = "Number of classes C.")
	private int classes;

	@Option(names = "--ignore", paramLabel = "V", defaultValue = "255",
		description = "Ground-truth value to ignore (default: ${DEFAULT-VALUE}); values >= C are ignored too.")
	private int ignore;

	@Option(names = "--json", paramLabel = "FILE", description = "Also write the scores as JSON.")
	private Path json;

	@Option(names = "--csv", paramLabel = "FILE", description = "Also write per-image scores as CSV.")
	private Path csv;

	@Override
	public Integer call() throws IOException {
		if (classes < 1 || classes > MAX_CLASSES) throw new picocli.CommandLine.ParameterException(spec.commandLine(),
			"--classes must be 1.." + MAX_CLASSES + ", not " + classes);
		new OutputPlan().output("--json", json).output("--csv", csv);
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		FolderEvaluation evaluation = new FolderEvaluation(predictions, groundTruth, classes, ignore)
			.warnings(w -> err.println("diffncut: warning: " + w));
		Evaluation result;
		if (csv != null) try (ScoreCsv table = new ScoreCsv(csv)) {
			result = evaluation.perImage(table::add).run();
		}
		else result = evaluation.run();
		if (Double.isNaN(result.global().accuracy())) throw new IOException(groundTruth + ": every ground-truth pixel " +
			"is ignored (value " + ignore + ", or " + classes + " and above): check --classes and --ignore");
		out.print(result.table());
		out.flush();
		if (json != null) AtomicFile.write(json, o -> o.write(result.toJson().getBytes(StandardCharsets.UTF_8)));
		return 0;
	}
}
