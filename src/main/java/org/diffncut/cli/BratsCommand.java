package org.diffncut.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.diffncut.attention.AttentionOptions;
import org.diffncut.io.OutputFolder;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.volume.BratsCase;
import org.diffncut.volume.BratsRun;
import org.diffncut.volume.Modality;
import org.diffncut.volume.VolumeSegmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diffncut brats}: every case folder of a BraTS root → one label volume per case, resumably. */
@Command(name = "brats", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segment every case of a BraTS root folder (one sub-folder per case, one .nii.gz per modality) " +
		"into OUT/<case>_labels.nii.gz, with a row per case in OUT/cases.csv.",
		"Finished cases are skipped, so a stopped run resumes; --shard I/N fans the cases out to N processes." })
final class BratsCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--root", required = true, paramLabel = "DIR", description = "The BraTS root: one folder per case.")
	Path root;

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
	Path out;

	@Mixin
	ModalitiesMixin modalities;

	@Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N",
		description = "Take every N-th case starting at I (0 <= I < N), e.g. $SLURM_ARRAY_TASK_ID/N. Default: ${DEFAULT-VALUE}.")
	String shard;

	@Option(names = "--overwrite", description = "Segment finished cases again.")
	boolean overwrite;

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
		PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
		List<Modality> chosen = modalities.chosen();
		String[] parts = shard.split("/");
		if (parts.length != 2) throw new IllegalArgumentException("--shard must be I/N, e.g. 0/4, not '" + shard + "'");
		BratsCase.Listing listing = BratsCase.list(root, chosen);
		listing.skipped.forEach(note -> err.println("diffncut: note: " + note));
		AttentionOptions a = VolumeOptionsMixin.forSlices(attention.options(), spec);
		int i, n;
		try {
			i = Integer.parseInt(parts[0].trim());
			n = Integer.parseInt(parts[1].trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("--shard must be I/N with whole numbers, e.g. 0/4, not '" + shard + "'");
		}
		if (BratsRun.shardOf(listing.cases, i, n).isEmpty()) {
			out.println("0 cases in shard " + shard);
			return 0;
		}
		BratsRun.Summary summary;
		try (OutputFolder folder = BratsRun.claim(this.out, i, n, DatasetOptionsMixin.settings(spec, "--shard",
			"--overwrite", "--batch", "--modalities") + "--modalities=" + chosen + "\n", overwrite);
			DiffusionSegmenter segmenter = model.open(a, err);
			ProgressBar bar = new ProgressBar(err, System.console() != null))
		{
			VolumeSegmenter slices = volume.segmenter(segmenter, a, cut.options());
			summary = new BratsRun(listing.cases, slices::segment, this.out).shard(i, n).overwrite(overwrite)
				.window(volume.mode()).progress(bar).notes(note -> err.println("diffncut: case " + note)).run();
		}
		out.println(summary.segmented + " cases segmented, " + summary.done + " already done, " + summary.failed +
			" failed (see " + this.out.resolve("cases.csv") + ")");
		return summary.failed == 0 ? 0 : 1;
	}
}
