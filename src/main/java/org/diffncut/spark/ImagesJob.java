package org.diffncut.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.diffncut.Cancel;
import org.diffncut.Progress;
import org.diffncut.io.LabelPng;
import org.diffncut.io.RgbImages;
import org.diffncut.pipeline.Segmentation;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code images}: every image under a folder, each to {@code OUT/<its folder>/<name>-labels.png}, the file
 * {@code diffncut segment} writes for it with the same options.
 */
@Command(name = "images", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments every image (PNG, JPEG, BMP, GIF) under a folder: OUT/<subfolder>/<name>-labels.png, " +
		"the label image 'diffncut segment' writes with the same options.", "OUT/run.csv: what became of each." })
final class ImagesJob extends Job {
	private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

	@Option(names = "--root", required = true, paramLabel = "DIR",
		description = "Folder of images: a path or URI that every node can read.")
	String root;

	@Option(names = "--recursive", description = "Also the images in its subfolders (OUT keeps their layout).")
	boolean recursive;

	@Override
	List<Item> plan() throws IOException {
		root = files.qualify(root);
		if (!files.exists(root)) throw new NoSuchFileException(root + ": input folder not found");
		if (!files.isDirectory(root)) throw new IOException(root + ": not a folder; give --root a folder of images");
		List<String> images = files.list(root, recursive, ImagesJob::isImage);
		images.removeIf(uri -> uri.startsWith(out + "/")); // earlier outputs, when OUT lies inside ROOT
		if (images.isEmpty()) throw new IOException(root + ": no images (PNG, JPEG, BMP, GIF) found" +
			(recursive ? "" : "; add --recursive to take those in subfolders"));
		List<Item> items = new ArrayList<>();
		Map<String, String> inputOf = new HashMap<>();
		for (String image : images) {
			String relative = image.substring(root.length() + 1);
			String output = out + "/" + relative.substring(0, relative.lastIndexOf('.')) + "-labels.png";
			String other = inputOf.put(output, image);
			if (other != null) throw new IOException(other + " and " + image + " would both be segmented into " +
				output + ": rename one of them");
			items.add(new Item(relative, items.size(), image, output));
		}
		return items;
	}

	@Override
	Outcome process(Item item, Worker worker) throws Exception {
		long start = System.nanoTime();
		ArrayImg<ARGBType, IntArray> image;
		try (InputStream in = files.open(item.input)) {
			image = RgbImages.read(in, item.input);
		}
		Segmentation s = worker.call(() -> model(worker).segment(image, attention.options(), cut.options(),
			Progress.NONE, Cancel.NEVER));
		files.write(item.output, o -> LabelPng.write(o, s.labels().labels(), s.labels().width(), s.labels().height()));
		return Outcome.done(item.id, s.labels().count(), (System.nanoTime() - start) * 1e-9, worker.host);
	}

	private static boolean isImage(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}
