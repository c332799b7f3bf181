package org.diffncut.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.attention.AttentionOptions;
import org.diffncut.cli.DatasetOptionsMixin;
import org.diffncut.cli.ModalitiesMixin;
import org.diffncut.cli.VolumeOptionsMixin;
import org.diffncut.volume.BratsCase;
import org.diffncut.volume.BratsRun;
import org.diffncut.volume.Channels;
import org.diffncut.volume.Modality;
import org.diffncut.volume.VolumeSegmenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code brats}: every case of a BraTS root, each to {@code OUT/<case>}{@value BratsRun#SUFFIX}, the file
 * {@code diffncut brats} writes for it with the same options. The cases are found as that command finds them
 * ({@link BratsCase#list}) at the driver, and each task reads its case from the driver's absolute case folder, so the
 * root must be at the same local path on every node (a shared file system); the output folder may be any URI.
 */
@Command(name = "brats", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments every case of a BraTS root folder (one sub-folder per case, one .nii.gz per " +
		"modality) into OUT/<case>_labels.nii.gz, the label volume 'diffncut brats' writes with the same options.",
		"OUT/run.csv: what became of each case, with its slices. The root must have the same path on every node." })
final class BratsJob extends Job {
	@Option(names = "--root", required = true, paramLabel = "DIR",
		description = "The BraTS root: one folder per case, at a path every node can read.")
	Path root;

	@Mixin
	ModalitiesMixin modalities;

	@Mixin
	VolumeOptionsMixin volume;

	@Override
	boolean volumes() {
		return true;
	}

	@Override
	AttentionOptions attentionOptions() {
		return VolumeOptionsMixin.forSlices(attention.options(), spec);
	}

	@Override
	List<Item> plan() throws IOException {
		List<Modality> chosen = modalities.chosen();
		root = root.toAbsolutePath();
		BratsCase.Listing listing = BratsCase.list(root, chosen);
		listing.skipped.forEach(note -> System.err.println("diffncut-spark: note: " + note));
		volume.mode(); // a bad --window stops the driver, not every task
		// the settings of 'diffncut brats', so that either may resume the other's folder
		settings(DatasetOptionsMixin.settings(spec, "--overwrite", "--partitions", "--batch", "--modalities") +
			"--modalities=" + chosen + "\n", overwrite, () -> new IOException(out + " holds outputs made with other " +
				"settings (see " + out + "/settings.txt): choose another --out, or --overwrite to make them again " +
				"with these settings"));
		List<Item> items = new ArrayList<>();
		for (BratsCase c : listing.cases) items.add(new Item(c.name(), items.size(), c.folder().toString(), out + "/" +
			c.name() + BratsRun.SUFFIX));
		return items;
	}

	@Override
	Outcome process(Item item, Worker worker) throws Exception {
		long start = System.nanoTime();
		// the driver's absolute case folder: the worker's working folder may be another, or hold no root
		BratsCase bc = BratsCase.of(Paths.get(item.input), modalities.chosen());
		Channels channels = BratsRun.read(bc, volume.mode());
		VolumeSegmenter slices = volume.segmenter(model(worker), attentionOptions(), cut.options());
		VolumeSegmenter.Result r = worker.call(() -> slices.segment(channels, Progress.NONE, Cancel.NEVER));
		files.write(item.output, o -> BratsRun.writeLabels(o, channels, r));
		return Outcome.done(item.id, r.segments, (System.nanoTime() - start) * 1e-9, worker.host).sliced(r.slices);
	}
}
