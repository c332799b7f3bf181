package org.diffncut.volume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.image.IntensityWindow;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.Csv;
import org.diffncut.io.OutputFolder;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiVolume;

/**
 * Segments the BraTS cases of a root folder into an output folder, resumably:
 * <ul>
 * <li>{@code OUT/<case>_labels.nii.gz}: the label volume, with the geometry of the case's first modality. It
 * appears complete or not at all, so a killed run leaves no partial output; a case whose file exists is done and
 * skipped (unless {@link #overwrite}).</li>
 * <li>{@code OUT/cases.csv}: one row per case, {@value #HEADER}; status {@code ok}, or what went wrong (a missing
 * modality, a corrupt volume, modalities of different shapes). Rows are merged under a file lock, so shards
 * running at once on one folder share it.</li>
 * </ul>
 * A case that fails gets its row and the run goes on; a cancel stops it before the next slice. The output folder
 * has one writer per shard ({@link #claim}), and {@code OUT/settings.txt} keeps the settings the labels were made
 * with.
 */
public final class BratsRun {
	public static final String HEADER = "case,slices,slices_segmented,segments,seconds,status";
	public static final String SUFFIX = "_labels.nii.gz";

	/** Segments one case's channels; the model stays loaded across calls. */
	@FunctionalInterface
	public interface Segmenter {
		VolumeSegmenter.Result segment(Channels channels, Progress progress, BooleanSupplier canceled) throws IOException;
	}

	private final List<BratsCase> cases;
	private final Segmenter segmenter;
	private final Path out;
	private int shard = 0, shards = 1;
	private boolean overwrite;
	private IntensityWindow.Mode window = IntensityWindow.Mode.PERCENTILES;
	private Progress progress = Progress.NONE;
	private Consumer<String> notes = n -> { };
	private BooleanSupplier canceled = Cancel.NEVER;
	private LongSupplier nanoTime = System::nanoTime;

	public BratsRun(List<BratsCase> cases, Segmenter segmenter, Path out) {
		this.cases = cases;
		this.segmenter = segmenter;
		this.out = out;
	}

	/** Only every {@code n}-th case starting at {@code i} (0 ≤ i &lt; n), counted over the sorted case list. */
	public BratsRun shard(int i, int n) {
		shardOf(cases, i, n);
		shard = i;
		shards = n;
		return this;
	}

	/** Every {@code n}-th of {@code cases} starting at {@code i}: the shards of one list are disjoint and cover it. */
	public static List<BratsCase> shardOf(List<BratsCase> cases, int i, int n) {
		if (n < 1 || i < 0 || i >= n) throw new IllegalArgumentException("shard " + i + "/" + n + ": give I/N with " +
			"0 <= I < N");
		List<BratsCase> mine = new ArrayList<>();
		for (int c = i; c < cases.size(); c += n) mine.add(cases.get(c));
		return mine;
	}

	/**
	 * Locks {@code out} for shard {@code i} of {@code n} (shards of one list write disjoint cases, so each has its
	 * own lock) and records or checks {@code settings} there; take it before loading the model, and hold it
	 * for the run.
	 *
	 * @throws IOException if another run holds this shard of the folder, or the folder holds labels made with other
	 *         settings and {@code overwrite} is off
	 */
	public static OutputFolder claim(Path out, int i, int n, String settings, boolean overwrite) throws IOException {
		OutputFolder folder = OutputFolder.open(out, n == 1 ? OutputFolder.LOCK : ".diffncut.shard-" + i + "-of-" + n +
			".lock");
		try {
			folder.settings(settings, overwrite);
			return folder;
		}
		catch (IOException e) {
			folder.close();
			throw e;
		}
	}

	/** Segment finished cases again. */
	public BratsRun overwrite(boolean overwrite) {
		this.overwrite = overwrite;
		return this;
	}

	public BratsRun window(IntensityWindow.Mode window) {
		this.window = window;
		return this;
	}

	/** Fraction of this shard's cases done; the stage names the case, the slice and the time left. */
	public BratsRun progress(Progress progress) {
		this.progress = progress;
		return this;
	}

	/** One line per case that failed or was skipped. */
	public BratsRun notes(Consumer<String> notes) {
		this.notes = notes;
		return this;
	}

	public BratsRun canceled(BooleanSupplier canceled) {
		this.canceled = canceled;
		return this;
	}

	BratsRun clock(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		return this;
	}

	/** How a run went: cases segmented now, skipped as done, and failed. */
	public static final class Summary {
		public final int segmented, done, failed;

		Summary(int segmented, int done, int failed) {
			this.segmented = segmented;
			this.done = done;
			this.failed = failed;
		}
	}

	public Summary run() throws IOException {
		Files.createDirectories(out);
		List<BratsCase> mine = shardOf(cases, shard, shards);
		int segmented = 0, done = 0, failed = 0;
		long start = nanoTime.getAsLong();
		for (int c = 0; c < mine.size(); c++) {
			Cancel.check(canceled, "BraTS run");
			BratsCase bc = mine.get(c);
			Path labels = out.resolve(bc.name() + SUFFIX);
			if (Files.exists(labels) && !overwrite) {
				done++;
				recordIfAbsent(bc.name(), labels);
				continue;
			}
			String prefix = (c + 1) + "/" + mine.size() + " " + bc.name();
			String left = segmented == 0 ? "" : ", " + Progress.duration(Math.round((nanoTime.getAsLong() - start) *
				1e-9 / segmented * (mine.size() - c))) + " left";
			Progress caseProgress = progress.range((double) c / mine.size(), 1.0 / mine.size());
			long caseStart = nanoTime.getAsLong();
			try {
				caseProgress.report(0, prefix + ", reading" + left);
				Channels channels = read(bc, window);
				VolumeSegmenter.Result r = segmenter.segment(channels, (f, s) -> caseProgress.report(f, prefix + " " +
					s + left), canceled);
				AtomicFile.write(labels, o -> writeLabels(o, channels, r));
				record(bc.name(), r.slices + "," + r.segmented + "," + r.segments + "," + String.format(Locale.ROOT,
					"%.1f", (nanoTime.getAsLong() - caseStart) * 1e-9) + ",ok");
				segmented++;
			}
			catch (CancellationException e) {
				throw e;
			}
			catch (IOException | RuntimeException e) {
				failed++;
				String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
				notes.accept(bc.name() + ": " + why);
				record(bc.name(), ",,,," + Csv.quote("error: " + why));
			}
		}
		progress.report(1, mine.size() + "/" + mine.size() + " cases");
		return new Summary(segmented, done, failed);
	}

	/** The channels of a case's modalities, each windowed by {@code window}. */
	public static Channels read(BratsCase bc, IntensityWindow.Mode window) throws IOException {
		return Channels.read(bc.files(), window);
	}

	/**
	 * Writes the bytes of {@code OUT/<case>}{@value #SUFFIX} to {@code out}: the labels of {@code r} as gzipped
	 * NIfTI with the geometry of the case's first modality.
	 */
	public static void writeLabels(OutputStream out, Channels channels, VolumeSegmenter.Result r) throws IOException {
		Nifti.writeLabels(out, true, channels.reference().header(), r.labels, "diffncut labels");
	}

	/** A row for a case done before whose row is missing (a run killed between the two writes). */
	private void recordIfAbsent(String name, Path labels) throws IOException {
		if (rows().containsKey(name)) return;
		NiftiVolume v = Nifti.read(labels);
		int nz = v.nz(), segmented = 0, plane = v.nx() * v.ny();
		Set<Integer> ids = new HashSet<>();
		for (int k = 0; k < nz; k++) {
			boolean any = false;
			for (int p = k * plane; p < (k + 1) * plane; p++)
				if (v.values()[p] != 0) {
					any = true;
					ids.add((int) v.values()[p]);
				}
			if (any) segmented++;
		}
		record(name, nz + "," + segmented + "," + ids.size() + ",,ok");
	}

	/** Sets the row of {@code name} in cases.csv (rows sorted by case), under a lock shared with other shards. */
	private void record(String name, String rest) throws IOException {
		Path lock = out.resolve(".cases.csv.lock");
		try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock l = ch.lock())
		{
			TreeMap<String, String> rows = rows();
			rows.put(name, Csv.quote(name) + "," + rest);
			StringBuilder b = new StringBuilder(HEADER).append('\n');
			rows.values().forEach(r -> b.append(r).append('\n'));
			AtomicFile.write(out.resolve("cases.csv"), o -> o.write(b.toString().getBytes(StandardCharsets.UTF_8)));
		}
	}

	private TreeMap<String, String> rows() throws IOException {
		TreeMap<String, String> rows = new TreeMap<>();
		Path csv = out.resolve("cases.csv");
		if (!Files.exists(csv)) return rows;
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		for (int i = 1; i < lines.size(); i++)
			if (!lines.get(i).isBlank()) rows.put(Csv.split(lines.get(i)).get(0), lines.get(i));
		return rows;
	}
}
