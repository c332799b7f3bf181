package org.diffncut.ij;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Diffusion NCut over many images: a folder's images, or the slices of an open stack, each to
 * {@code <name>-labels.tif} in an output folder, with one row per image in {@code segments.csv} there.
 * <p>
 * Existing label images are never overwritten unless asked: they are skipped, so a canceled or failed batch
 * resumes where it stopped. Each label image appears complete or not at all (written beside, then moved), and
 * the CSV row follows it. An image that cannot be read, segmented or written is logged and recorded in the CSV,
 * and the batch goes on.
 * <p>
 * Images of one folder that share a name ({@code a.png}, {@code a.tif}) keep their extension in their outputs'
 * names ({@code a-png-labels.tif}). The output folder has one batch at a time ({@link OutputFolder}): the caller
 * takes it and records the settings there before the model loads (a resume with other settings is refused unless
 * overwriting). A
 * batch into its own input folder leaves out the label images it writes.
 */
public final class BatchRun {
	/** The per-image table in the output folder. */
	public static final String CSV = "segments.csv";
	static final String HEADER = "image,labels,planes,segments,seconds,status";
	private static final String[] EXTENSIONS = { ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".pgm",
		".dcm", ".fits", ".nii", ".nrrd", ".zip" };

	/** The label image of an image named {@code name}. */
	static final String LABELS = "-labels.tif";

	/** One image of a batch: a name for its outputs, its file (null for a slice), and how to get it. */
	public static final class Item {
		final String name;
		final Path file;
		final Supplier<ImagePlus> image;

		public Item(String name, Supplier<ImagePlus> image) {
			this(name, null, image);
		}

		Item(String name, Path file, Supplier<ImagePlus> image) {
			this.name = name;
			this.file = file;
			this.image = image;
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
	}

	private BatchRun() {}

	/**
	 * The images of {@code folder}, by name; hidden files and files of other types are left out.
	 *
	 * @throws IllegalArgumentException if the folder is missing or holds no image
	 */
	public static List<Item> folder(Path folder) throws IOException {
		if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException("input folder " + folder +
			" does not exist: choose a folder of images");
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
			for (Path p : dir) {
				String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
				if (n.startsWith(".") || !Files.isRegularFile(p)) continue;
				for (String ext : EXTENSIONS)
					if (n.endsWith(ext)) {
						files.add(p);
						break;
					}
			}
		}
		if (files.isEmpty()) throw new IllegalArgumentException("no images in " + folder + " (looked for " + String
			.join(" ", EXTENSIONS) + ")");
		files.sort(null);
		List<String> names = names(files);
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			Path p = files.get(i);
			String file = p.getFileName().toString();
			items.add(new Item(names.get(i), p, () -> ImageFiles.open(p)));
		}
		return items;
	}

	/**
	 * The output name of each file: its name without the extension, unless another file has that name too
	 * (case ignored, as some file systems do); then its whole name with the dots made dashes, and a number if
	 * even that is taken.
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

	/** The slices (or frames) of an open stack, each as its own image named {@code <title>-<n>}. */
	public static List<Item> stack(ImagePlus imp) {
		ImagePlusImages.check(imp);
		List<Item> items = new ArrayList<>();
		int n = imp.getStackSize();
		String title = LabelImages.stripExtension(imp.getTitle());
		for (int i = 1; i <= n; i++) {
			int index = i;
			items.add(new Item(String.format(Locale.ROOT, "%s-%0" + String.valueOf(n).length() + "d", title, i), () -> {
				ImagePlus slice = new ImagePlus(title + "-" + index, imp.getStack().getProcessor(index));
				slice.setCalibration(imp.getCalibration().copy());
				return slice;
			}));
		}
		return items;
	}

	/** A task that segments one image with the loaded model. */
	@FunctionalInterface
	public interface Segmenter {
		ImageSegmentation segment(ImagePlus imp, Progress progress) throws IOException;
	}

	/**
	 * Runs the batch into {@code folder}, which the caller holds (and whose settings it has recorded) before the
	 * model loads. Per image: skip if its label image exists (unless {@code overwrite}), else segment, write, and
	 * add a CSV row.
	 *
	 * @param log one line per image, with the pace and the time left
	 */
	public static Summary run(List<Item> items, OutputFolder folder, boolean overwrite, Segmenter segmenter,
		Progress progress, BooleanSupplier canceled, Consumer<String> log) throws IOException
	{
		return segment(items, folder.dir(), overwrite, segmenter, progress, canceled, log);
	}

	private static Summary segment(List<Item> items, Path output, boolean overwrite, Segmenter segmenter,
		Progress progress, BooleanSupplier canceled, Consumer<String> log) throws IOException
	{
		Path csv = output.resolve(CSV);
		if (!Files.exists(csv)) AtomicFile.write(csv, out -> out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
		items = own(items, output, log);
		Summary summary = new Summary();
		long start = System.nanoTime();
		int n = items.size();
		for (int i = 0; i < n; i++) {
			Item item = items.get(i);
			Path target = output.resolve(item.name + LABELS);
			if (item.file != null && !item.name.equals(LabelImages.stripExtension(item.file.getFileName().toString())))
				log.accept(item.file.getFileName() + ": another image has the name " + LabelImages.stripExtension(item.file
					.getFileName().toString()) + ", so its labels are " + target.getFileName());
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
			String where = "image " + (i + 1) + "/" + n + " " + item.name + pace + ": ";
			try {
				ImagePlus imp = item.image.get();
				ImageSegmentation result = segmenter.segment(imp, (f, stage) -> p.report(f, where + stage));
				write(result.labels(), target);
				summary.done++;
				summary.segments += result.segments();
				row(csv, item.name, target, imp.getStackSize(), result.segments(), result.seconds(), "done");
				log.accept(where + result.segments() + " segments in " + String.format(Locale.ROOT, "%.1f s",
					result.seconds()));
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

	/** {@code items} without the label images this batch writes into {@code output}, which is their folder. */
	private static List<Item> own(List<Item> items, Path output, Consumer<String> log) {
		Path out = OutputPlan.resolve(output);
		List<Item> inputs = new ArrayList<>();
		for (Item item : items) {
			boolean ours = item.file != null && item.name.endsWith(LabelImages.stripExtension(LABELS)) && OutputPlan
				.resolve(item.file).getParent().equals(out);
			if (ours) log.accept(item.file.getFileName() + ": a label image in the output folder, not segmented");
			else inputs.add(item);
		}
		return inputs;
	}

	/** " (12.3 s/image, 4:06 left)" once an image is done, else "": the same pace text as the command line. */
	static String pace(long startNanos, int done, int left) {
		if (done == 0) return "";
		double each = (System.nanoTime() - startNanos) / 1e9 / done;
		return String.format(Locale.ROOT, " (%.1f s/image, %s left)", each, Progress.duration(Math.round(each * left)));
	}

	/**
	 * Writes {@code labels} as TIFF, complete or not at all ({@link AtomicFile}). The TIFF is encoded in memory, so
	 * that a full disk is an IOException here, never ImageJ's error dialog, which would stop an unattended batch.
	 */
	static void write(ImagePlus labels, Path target) throws IOException {
		byte[] tiff = new FileSaver(labels).serialize();
		if (tiff == null) throw new IOException("cannot encode the labels of " + target.getFileName() + " as TIFF");
		AtomicFile.write(target, out -> out.write(tiff));
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
