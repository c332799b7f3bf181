package org.diffncut.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

import org.diffncut.image.Window;
import org.diffncut.io.Csv;
import org.diffncut.io.LabelPng;
import org.diffncut.io.LabelPng.Labels;
import org.diffncut.io.RgbImages;

/**
 * A semantic-segmentation benchmark in its distributed folder layout: the validation images in a fixed order, and
 * the map from the raw values of its annotation PNGs to the C evaluated classes (everything else becomes the
 * ignore value 255).
 * <p>
 * Geometry, as in DiffSeg's loaders: each image is cut to its largest centred square ({@link Window#centerCrop},
 * offsets rounded down) and handed to the segmenter, which scales it like any other input; the ground truth is cut
 * the same way and resized nearest-neighbour to the evaluation side (512).
 */
public final class Dataset {
	/** The ground-truth value of pixels left out of the evaluation. */
	public static final int IGNORE = 255;

	private final String name;
	private final int classes;
	private final List<Sample> samples;
	private final int[] classOf; // raw annotation value -> class id or IGNORE

	private Dataset(String name, int classes, List<Sample> samples, int[] classOf) {
		this.name = name;
		this.classes = classes;
		this.samples = Collections.unmodifiableList(samples);
		this.classOf = classOf;
	}

	/**
	 * COCO-Stuff-27, the curated 2175-image validation subset of IIC/PiCIE/STEGO/DiffSeg: images
	 * {@code root/val2017/<id>.jpg}, annotations {@code root/stuffthingmaps_trainval2017/val2017/<id>.png} (8-bit fine
	 * ids 0..181, 255 unlabeled), mapped fine → coarse.
	 *
	 * @param imageList the ids to evaluate, one per line ({@code Coco164kFull_Stuff_Coarse_7.txt})
	 * @param fineToCoarse CSV with a header naming the columns {@code fine_id} and {@code coarse_id}; fine ids
	 *        missing from it, and coarse id 255, are ignored
	 */
	public static Dataset cocoStuff27(Path root, Path imageList, Path fineToCoarse) throws IOException {
		int[] classOf = ignoreAll();
		for (int[] pair : columns(fineToCoarse, "fine_id", "coarse_id")) {
			if (pair[0] < 0 || pair[0] >= classOf.length || pair[1] < 0 || (pair[1] >= 27 && pair[1] != IGNORE))
				throw new IOException(fineToCoarse + ": fine id " + pair[0] + " -> coarse id " + pair[1] +
					" is outside 0..255 -> 0..26 or 255");
			classOf[pair[0]] = pair[1];
		}
		List<Sample> samples = new ArrayList<>();
		for (String line : readLines(imageList, "COCO-Stuff image list (Coco164kFull_Stuff_Coarse_7.txt)")) {
			String id = line.trim();
			if (id.isEmpty()) continue;
			samples.add(new Sample(id, root.resolve("val2017").resolve(id + ".jpg"),
				root.resolve("stuffthingmaps_trainval2017").resolve("val2017").resolve(id + ".png")));
		}
		return checked(new Dataset("COCO-Stuff-27", 27, samples, classOf),
			"ROOT/val2017/<id>.jpg and ROOT/stuffthingmaps_trainval2017/val2017/<id>.png");
	}

	/**
	 * Cityscapes with the 27-class mapping of PiCIE/STEGO/DiffSeg (labelIds 7..33 → 0..26, all others ignored):
	 * images {@code root/leftImg8bit/val/<city>/<name>_leftImg8bit.png}, annotations
	 * {@code root/gtFine/val/<city>/<name>_gtFine_labelIds.png}; ordered by city, then name.
	 */
	public static Dataset cityscapes27(Path root) throws IOException {
		int[] classOf = ignoreAll();
		for (int id = 7; id <= 33; id++) classOf[id] = id - 7;
		String suffix = "_leftImg8bit.png";
		List<Sample> samples = new ArrayList<>();
		Path images = root.resolve("leftImg8bit").resolve("val");
		for (Path city : list(images, "Cityscapes leftImg8bit/val")) {
			if (!Files.isDirectory(city)) continue;
			for (Path image : list(city, "Cityscapes city folder")) {
				String file = image.getFileName().toString();
				if (!file.endsWith(suffix)) continue;
				String id = file.substring(0, file.length() - suffix.length());
				samples.add(new Sample(id, image, root.resolve("gtFine").resolve("val").resolve(city.getFileName()
					.toString()).resolve(id + "_gtFine_labelIds.png")));
			}
		}
		return checked(new Dataset("Cityscapes-27", 27, samples, classOf),
			"ROOT/leftImg8bit/val/<city>/<name>_leftImg8bit.png and ROOT/gtFine/val/<city>/<name>_gtFine_labelIds.png");
	}

	/**
	 * ADE20K SceneParsing (ADEChallengeData2016), 150 classes: images
	 * {@code root/images/validation/ADE_val_*.jpg}, annotations {@code root/annotations/validation/ADE_val_*.png}
	 * (0 = other, 1..150); "reduce zero label": value v becomes class v − 1 and 0 is ignored. {@code root} may also
	 * be the folder that holds {@code ADEChallengeData2016}.
	 */
	public static Dataset ade20k150(Path root) throws IOException {
		if (!Files.isDirectory(root.resolve("images")) && Files.isDirectory(root.resolve("ADEChallengeData2016")))
			root = root.resolve("ADEChallengeData2016");
		int[] classOf = ignoreAll();
		for (int v = 1; v <= 150; v++) classOf[v] = v - 1;
		List<Sample> samples = new ArrayList<>();
		Path annotations = root.resolve("annotations").resolve("validation");
		for (Path image : list(root.resolve("images").resolve("validation"), "ADE20K images/validation")) {
			String file = image.getFileName().toString();
			if (!file.startsWith("ADE_val_") || !file.endsWith(".jpg")) continue;
			String id = file.substring(0, file.length() - ".jpg".length());
			samples.add(new Sample(id, image, annotations.resolve(id + ".png")));
		}
		return checked(new Dataset("ADE20K-150", 150, samples, classOf),
			"ROOT/images/validation/ADE_val_*.jpg and ROOT/annotations/validation/ADE_val_*.png");
	}

	public String name() { return name; }

	/** C: class ids are 0..C−1. */
	public int classes() { return classes; }

	/** The images in evaluation order. */
	public List<Sample> samples() { return samples; }

	/** The class of a raw annotation value, or {@link #IGNORE}. */
	public int classOf(int raw) {
		return raw >= 0 && raw < classOf.length ? classOf[raw] : IGNORE;
	}

	/** The photo at its own size. */
	public RandomAccessibleInterval<ARGBType> image(Sample sample) throws IOException {
		return RgbImages.read(sample.image());
	}

	/** The largest centred square of the photo, as a zero-min view: what the segmenter receives. */
	public static RandomAccessibleInterval<ARGBType> centerSquare(RandomAccessibleInterval<ARGBType> image) {
		Window w = Window.centerCrop((int) image.dimension(0), (int) image.dimension(1));
		long x0 = image.min(0) + (long) w.x0(), y0 = image.min(1) + (long) w.y0(), side = (long) w.width();
		return Views.zeroMin(Views.interval(image, new long[] { x0, y0 },
			new long[] { x0 + side - 1, y0 + side - 1 }));
	}

	/** The ground truth as class ids (or {@link #IGNORE}) at the annotation's own size. */
	public Labels groundTruth(Sample sample) throws IOException {
		Labels raw = LabelPng.read(sample.groundTruth());
		int[] mapped = new int[raw.values.length];
		for (int k = 0; k < mapped.length; k++) mapped[k] = classOf(raw.values[k]);
		return new Labels(raw.width, raw.height, mapped);
	}

	/** The ground truth cut to its centred square and resized nearest-neighbour to {@code side × side}. */
	public Labels groundTruth(Sample sample, int side) throws IOException {
		Labels full = groundTruth(sample);
		Window w = Window.centerCrop(full.width, full.height);
		return LabelMaps.crop(full, (int) w.x0(), (int) w.y0(), (int) w.width(), (int) w.height(), side, side);
	}

	@Override
	public String toString() {
		return name + " (" + samples.size() + " images, " + classes + " classes)";
	}

	private static int[] ignoreAll() {
		int[] classOf = new int[1 << 16];
		Arrays.fill(classOf, IGNORE);
		return classOf;
	}

	/** Refuses an empty dataset or one with missing files, naming the first and the expected layout. */
	private static Dataset checked(Dataset d, String layout) throws IOException {
		if (d.samples.isEmpty()) throw new IOException(d.name + ": no images found; expected " + layout);
		List<Path> missing = d.samples.stream().flatMap(s -> Stream.of(s.image(), s.groundTruth()))
			.filter(p -> !Files.isRegularFile(p)).collect(Collectors.toList());
		if (!missing.isEmpty()) throw new NoSuchFileException(d.name + ": " + missing.get(0) + " is missing" +
			(missing.size() > 1 ? " (and " + (missing.size() - 1) + " more files)" : "") + "; expected " + layout);
		return d;
	}

	/** The entries of a folder, sorted by name. */
	private static List<Path> list(Path dir, String what) throws IOException {
		if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir + ": " + what + " folder not found");
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.sorted().collect(Collectors.toList());
		}
	}

	private static List<String> readLines(Path file, String what) throws IOException {
		if (!Files.isRegularFile(file)) throw new NoSuchFileException(file + ": " + what + " not found");
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

	/** Integer pairs from the two named columns of a CSV file with a header. */
	private static List<int[]> columns(Path csv, String first, String second) throws IOException {
		List<String> lines = readLines(csv, "fine-to-coarse CSV (fine_id,...,coarse_id,...)");
		List<String> header = lines.isEmpty() ? List.of() : Csv.split(lines.get(0).replace("\uFEFF", "").trim());
		int a = header.indexOf(first), b = header.indexOf(second);
		if (a < 0 || b < 0) throw new IOException(csv + ": the header must name the columns " + first + " and " +
			second + ", found " + header);
		List<int[]> pairs = new ArrayList<>();
		for (int n = 1; n < lines.size(); n++) {
			if (lines.get(n).isBlank()) continue;
			List<String> f = Csv.split(lines.get(n).trim());
			try {
				pairs.add(new int[] { Integer.parseInt(f.get(a).trim()), Integer.parseInt(f.get(b).trim()) });
			}
			catch (RuntimeException e) {
				throw new IOException(csv + ", line " + (n + 1) + ": expected integers in " + first + " and " +
					second + ": " + lines.get(n));
			}
		}
		return pairs;
	}
}
