package org.diffncut.ij;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.io.AtomicFile;
import org.diffncut.io.OutputFolder;
import org.diffncut.io.OutputPlan;
import org.diffncut.image.IntensityWindow;
import org.diffncut.nifti.Nifti;
import org.diffncut.volume.BratsCase;
import org.diffncut.volume.BratsRun;
import org.diffncut.volume.Channels;
import org.diffncut.volume.Modality;
import org.diffncut.volume.VolumeSegmenter;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Diffusion NCut over many images: a folder's images, NIfTI volumes and BraTS case folders, or the slices of an
 * open stack, each to a label file in an output folder, with one row per item in {@code segments.csv} there.
 * <ul>
 * <li>An image ImageJ opens becomes {@code <name>-labels.tif}.</li>
 * <li>A NIfTI volume ({@code .nii}, {@code .nii.gz}, read by our own reader: ImageJ 1.x reads neither) becomes
 * {@code <name>-labels.nii.gz}, and a BraTS case folder (a sub-folder holding the chosen modalities, found as
 * {@link BratsCase} finds them) {@code <case>_labels.nii.gz}, as {@code diffncut brats} names it: a label volume
 * with the geometry of the (first) volume, segmented slice by slice as the command line does
 * ({@link VolumeSegmenter}, background 0).</li>
 * </ul>
 * Existing label files are never overwritten unless asked: they are skipped, so a canceled or failed batch
 * resumes where it stopped. Each label file appears complete or not at all (written beside, then moved), and
 * the CSV row follows it. An item that cannot be read, segmented or written is logged and recorded in the CSV,
 * and the batch goes on.
 * <p>
 * Files of one folder that share a name ({@code a.png}, {@code a.tif}) keep their extension in their outputs'
 * names ({@code a-png-labels.tif}). The output folder has one batch at a time ({@link OutputFolder}): the caller
 * takes it and records the settings there before the model loads (a resume with other settings is refused unless
 * overwriting). A batch into its own input folder leaves out the label files it writes.
 */
public final class BatchRun {
	/** The per-image table in the output folder. */
	public static final String CSV = "segments.csv";
	static final String HEADER = "image,labels,planes,segments,seconds,status";
	private static final String[] EXTENSIONS = { ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".pgm",
		".dcm", ".fits", ".nrrd", ".zip" };

	/** The label image of an image named {@code name}, and the label volume of a NIfTI volume. */
	static final String LABELS = "-labels.tif", VOLUME_LABELS = "-labels.nii.gz";

	/** One item of a batch: a name for its row, its file or case folder (null for a slice), and its work. */
	public static final class Item {
		final String name, labels;
		final Path file;
		final Work work;
		/** Said in the log before the item, or null. */
		String note;

		private Item(String name, String labels, Path file, Work work) {
			this.name = name;
			this.labels = labels;
			this.file = file;
			this.work = work;
		}
	}

	/** What one item does once the model is loaded. */
	@FunctionalInterface
	interface Work {
		Output segment(Segmenter segmenter, Progress progress) throws IOException;
	}

	/** A segmented item: its label file's bytes, and its row's planes and segments. */
	static final class Output {
		final AtomicFile.Body labels;
		final int planes, segments;
		final String detail;

		Output(AtomicFile.Body labels, int planes, int segments, String detail) {
			this.labels = labels;
			this.planes = planes;
			this.segments = segments;
			this.detail = detail;
		}
	}

	/** What a batch did. */
	public static final class Summary {
		public int done, skipped, failed, segments;
		public boolean canceled;

		@Override
		public String toString() {
			return done + " segmented, " + skipped + " skipped (already done), " + failed + " failed" +
				(canceled ? ", canceled: run again to resume" : "");
		}

		/** What a canceled batch fails with. */
		public String canceledMessage() {
			return "batch canceled after " + done + " segmented; run it again to resume";
		}
	}

	private BatchRun() {}

	/**
	 * The items of {@code folder}, by name: the images ImageJ opens, the NIfTI volumes, and the sub-folders that
	 * are BraTS cases of {@code settings}' modalities. Hidden entries and files of other types are left out; a
	 * sub-folder that is no case gets a note.
	 *
	 * @param settings the modalities of case folders, and the intensity window of volumes
	 * @throws IllegalArgumentException if the folder is missing or holds nothing to segment
	 */
	public static List<Item> folder(Path folder, Settings settings, Consumer<String> notes) throws IOException {
		if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException("input folder " + folder +
			" does not exist: choose a folder of images");
		List<Path> entries = new ArrayList<>(), files = new ArrayList<>();
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
			for (Path p : dir) {
				String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
				if (n.startsWith(".")) continue;
				if (Files.isDirectory(p)) entries.add(p);
				else if (Files.isRegularFile(p) && (Nifti.isNiftiName(n) || Arrays.stream(EXTENSIONS).anyMatch(n::endsWith))) {
					entries.add(p);
					files.add(p);
				}
			}
		}
		entries.sort(null);
		files.sort(null);
		Map<Path, String> names = new HashMap<>(); // a file's item name; folders have none
		List<String> unique = names(files);
		for (int i = 0; i < files.size(); i++) names.put(files.get(i), unique.get(i));
		IntensityWindow.Mode window = settings.window();
		List<Item> items = new ArrayList<>();
		for (Path p : entries) {
			String name = names.get(p);
			if (name == null) {
				Item c = bratsCase(p, settings.modalities(), window);
				if (c == null) notes.accept(p.getFileName() + ": no " + settings.get(Opt.MODALITIES) + " volume, not " +
					"a case folder; skipped");
				else items.add(c);
				continue;
			}
			String file = p.getFileName().toString(), stem = LabelImages.stripExtension(file);
			Item item = Nifti.isNiftiName(file) ? volume(name, p, window) : new Item(name, name + LABELS, p, image(
				() -> ImageFiles.open(p)));
			if (!name.equals(stem)) item.note = file + ": another image has the name " + stem + ", so its labels are " +
				item.labels;
			items.add(item);
		}
		if (items.isEmpty()) throw new IllegalArgumentException("no images in " + folder + " (looked for " + String
			.join(" ", EXTENSIONS) + " .nii .nii.gz, and BraTS case folders holding " + settings.get(Opt.MODALITIES) +
			" volumes)");
		return items;
	}

	/** Segments an ImageJ image into a 16-bit label TIFF. */
	private static Work image(Supplier<ImagePlus> image) {
		return (segmenter, progress) -> {
			ImagePlus imp = image.get();
			ImageSegmentation result = segmenter.image(imp, progress);
			byte[] tiff = tiff(result.labels());
			return new Output(out -> out.write(tiff), imp.getStackSize(), result.segments(), "");
		};
	}

	/** A NIfTI volume into {@code <name>-labels.nii.gz} with its geometry. */
	private static Item volume(String name, Path file, IntensityWindow.Mode window) {
		return new Item(name, name + VOLUME_LABELS, file, (segmenter, progress) -> volume(Channels.read(List.of(file),
			window), segmenter, progress));
	}

	/**
	 * The case in {@code folder} into {@code <case>_labels.nii.gz}, as {@code diffncut brats} writes it; null when
	 * the folder holds none of the modalities. A folder whose files cannot be told apart (two of one modality)
	 * is an item that fails with the reason, so that it gets its row.
	 */
	private static Item bratsCase(Path folder, List<Modality> modalities, IntensityWindow.Mode window) {
		String name = folder.getFileName().toString(), labels = name + BratsRun.SUFFIX;
		BratsCase c;
		try {
			c = BratsCase.of(folder, modalities);
		}
		catch (IOException e) {
			return new Item(name, labels, folder, (segmenter, progress) -> {
				throw e;
			});
		}
		if (!c.holdsAny()) return null;
		return new Item(name, labels, folder, (segmenter, progress) -> volume(BratsRun.read(c, window), segmenter,
			progress));
	}

	private static Output volume(Channels channels, Segmenter segmenter, Progress progress) throws IOException {
		VolumeSegmenter.Result r = segmenter.volume(channels, progress);
		return new Output(out -> BratsRun.writeLabels(out, channels, r), r.slices, r.segments, " in " + r.segmented +
			" of " + r.slices + " slices");
	}

	/**
	 * The output name of each file: its name without the extension ({@code .nii.gz} as one), unless another file
	 * has that name too (case ignored, as some file systems do); then its whole name with the dots made dashes,
	 * and a number if even that is taken.
	 */
	static List<String> names(List<Path> files) {
		Map<String, Integer> stems = new HashMap<>();
		for (Path p : files) stems.merge(key(LabelImages.stripExtension(p.getFileName().toString())), 1, Integer::sum);
		Set<String> taken = new HashSet<>();
		List<String> names = new ArrayList<>();
		for (Path p : files) {
			String file = p.getFileName().toString(), stem = LabelImages.stripExtension(file);
			String base = stems.get(key(stem)) == 1 ? stem : file.replace('.', '-'), name = base;
			for (int n = 2; !taken.add(key(name)); n++) name = base + "-" + n;
			names.add(name);
		}
		return names;
	}

	private static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	/**
	 * The slices (or frames) of an open stack ({@code null} when none is open), each as its own image named
	 * {@code <title>-<n>}.
	 */
	public static List<Item> stack(ImagePlus imp) {
		if (imp == null) throw new IllegalArgumentException("no input folder and no open stack: choose an input " +
			"folder, or open a stack");
		ImagePlusImages.check(imp);
		List<Item> items = new ArrayList<>();
		int n = imp.getStackSize();
		String title = LabelImages.stripExtension(imp.getTitle());
		for (int i = 1; i <= n; i++) {
			int index = i;
			String name = String.format(Locale.ROOT, "%s-%0" + String.valueOf(n).length() + "d", title, i);
			items.add(new Item(name, name + LABELS, null, image(() -> {
				ImagePlus slice = new ImagePlus(title + "-" + index, imp.getStack().getProcessor(index));
				slice.setCalibration(imp.getCalibration().copy());
				return slice;
			})));
		}
		return items;
	}

	/** Segments one image, or the channels of one volume, with the loaded model. */
	public interface Segmenter {
		ImageSegmentation image(ImagePlus imp, Progress progress) throws IOException;

		/** The label volume of {@code channels}, sliced as the settings ask. */
		VolumeSegmenter.Result volume(Channels channels, Progress progress) throws IOException;
	}

	/**
	 * Runs the batch into {@code folder}, which the caller holds (and whose settings it has recorded) before the
	 * model loads. Per item: skip if its label file exists (unless {@code overwrite}), else segment, write, and
	 * add a CSV row.
	 *
	 * @param log one line per item, with the pace and the time left
	 */
	public static Summary run(List<Item> items, OutputFolder folder, boolean overwrite, Segmenter segmenter,
		Progress progress, BooleanSupplier canceled, Consumer<String> log) throws IOException
	{
		Path output = folder.dir(), csv = output.resolve(CSV);
		if (!Files.exists(csv)) AtomicFile.write(csv, out -> out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
		items = own(items, output, log);
		Summary summary = new Summary();
		long start = System.nanoTime();
		int n = items.size();
		for (int i = 0; i < n; i++) {
			Item item = items.get(i);
			Path target = output.resolve(item.labels);
			if (item.note != null) log.accept(item.note);
			if (Files.exists(target) && !overwrite) {
				summary.skipped++;
				log.accept(item.name + ": " + target.getFileName() + " exists, skipped");
				continue;
			}
			try {
				Cancel.check(canceled, "the batch, before " + item.name);
			}
			catch (CancellationException e) {
				summary.canceled = true;
				break;
			}
			String pace = pace(start, summary.done, n - i);
			Progress p = progress.range((double) i / n, 1.0 / n);
			String where = (i + 1) + "/" + n + " " + item.name + pace + ": "; // an image, a volume or a case
			try {
				long itemStart = System.nanoTime();
				Output result = item.work.segment(segmenter, (f, stage) -> p.report(f, where + stage));
				AtomicFile.write(target, result.labels);
				double seconds = (System.nanoTime() - itemStart) / 1e9;
				summary.done++;
				summary.segments += result.segments;
				row(csv, item.name, target, result.planes, result.segments, seconds, "done");
				log.accept(where + result.segments + " segments" + result.detail + " in " + String.format(Locale.ROOT,
					"%.1f s", seconds));
			}
			catch (CancellationException e) {
				summary.canceled = true;
				log.accept(where + "canceled; nothing written for it");
				break;
			}
			catch (IllegalArgumentException | IllegalStateException | IOException e) {
				summary.failed++;
				row(csv, item.name, null, 0, 0, 0, "failed: " + e.getMessage());
				log.accept(where + "failed: " + e.getMessage());
			}
		}
		progress.report(1, summary.toString());
		return summary;
	}

	/**
	 * {@code items} without the label files this batch writes into {@code output}, which is their folder: files
	 * named {@code *-labels.*}, and {@code *_labels.nii.gz} as {@code brats} names a case's labels.
	 */
	private static List<Item> own(List<Item> items, Path output, Consumer<String> log) {
		Path out = OutputPlan.resolve(output);
		List<Item> inputs = new ArrayList<>();
		for (Item item : items) {
			String file = item.file == null ? "" : item.file.getFileName().toString();
			boolean ours = item.file != null && Files.isRegularFile(item.file) && (LabelImages.stripExtension(file)
				.endsWith("-labels") || file.toLowerCase(Locale.ROOT).endsWith(BratsRun.SUFFIX)) && OutputPlan.resolve(
					item.file).getParent().equals(out);
			if (ours) log.accept(file + ": a label file in the output folder, not segmented");
			else inputs.add(item);
		}
		return inputs;
	}

	/** " (12.3 s each, 4:06 left)" once an item is done, else "". */
	static String pace(long startNanos, int done, int left) {
		if (done == 0) return "";
		double each = (System.nanoTime() - startNanos) / 1e9 / done;
		return String.format(Locale.ROOT, " (%.1f s each, %s left)", each, Progress.duration(Math.round(each * left)));
	}

	/**
	 * {@code labels} as TIFF bytes. The TIFF is encoded in memory, so that a full disk is an IOException when it is
	 * written, never ImageJ's error dialog, which would stop an unattended batch.
	 */
	static byte[] tiff(ImagePlus labels) throws IOException {
		byte[] tiff = new FileSaver(labels).serialize();
		if (tiff == null) throw new IOException("cannot encode the labels of " + labels.getTitle() + " as TIFF");
		return tiff;
	}

	private static void row(Path csv, String image, Path labels, int planes, int segments, double seconds,
		String status) throws IOException
	{
		String line = String.join(",", quote(image), quote(labels == null ? "" : labels.getFileName().toString()),
			String.valueOf(planes), String.valueOf(segments), String.format(Locale.ROOT, "%.3f", seconds), quote(status));
		try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
			w.write(line + "\n");
		}
	}

	private static String quote(String s) {
		return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace('\n', ' ') +
			"\"" : s;
	}
}
