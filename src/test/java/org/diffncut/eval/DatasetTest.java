package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;

import org.diffncut.Fixtures;
import org.diffncut.io.LabelPng.Labels;
import org.diffncut.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers on tiny synthetic datasets in each real layout; class maps checked against the metadata in
 * the fixtures/datasets test resources (see the README in each folder for where each table comes from).
 */
class DatasetTest {
	@TempDir
	Path root;

	private static final Path COCO = Fixtures.datasets().resolve("cocostuff27");

	@Test
	void cocoStuffReadsTheCuratedListAndMapsFineToCoarse() throws IOException {
		List<String> ids = Files.readAllLines(COCO.resolve("Coco164kFull_Stuff_Coarse_7.txt")).subList(0, 2);
		Path list = Files.write(root.resolve("list.txt"), ids);
		// 6x4 annotation: fine ids 0 person -> 9, 181 wood -> 24, 255 unlabeled -> ignore, 91 banner -> 17 textile
		TestPngs.rgb(root.resolve("val2017/" + ids.get(0) + ".jpg"), "jpg", 6, 4, new int[24]);
		TestPngs.gray8(root.resolve("stuffthingmaps_trainval2017/val2017/" + ids.get(0) + ".png"), 6, 4,
			255, 0, 181, 91, 255, 0, //
			255, 0, 0, 0, 0, 0, //
			255, 181, 181, 181, 181, 0, //
			255, 255, 255, 255, 255, 0);
		TestPngs.rgb(root.resolve("val2017/" + ids.get(1) + ".jpg"), "jpg", 2, 2, new int[4]);
		TestPngs.gray8(root.resolve("stuffthingmaps_trainval2017/val2017/" + ids.get(1) + ".png"), 2, 2, 0, 0, 0, 0);

		Dataset d = Dataset.cocoStuff27(root, list, COCO.resolve("fine_to_coarse.csv"));
		assertEquals(27, d.classes());
		assertEquals(List.of("000000000139", "000000000724"), d.samples().stream().map(Sample::id)
			.collect(Collectors.toList()));
		Labels full = d.groundTruth(d.samples().get(0));
		assertArrayEquals(new int[] { 255, 9, 24, 17, 255, 9 }, Arrays.copyOf(full.values, 6));
		// Centre square of 6x4: columns 1..4. Resized to 8x8: each pixel becomes a 2x2 block.
		Labels square = d.groundTruth(d.samples().get(0), 8);
		assertEquals(8, square.width);
		assertArrayEquals(new int[] { 9, 9, 24, 24, 17, 17, 255, 255 }, Arrays.copyOf(square.values, 8));
		assertArrayEquals(new int[] { 24, 24, 24, 24, 24, 24, 24, 24 },
			Arrays.copyOfRange(square.values, 8 * 5, 8 * 6));
		assertEquals(6, d.image(d.samples().get(0)).dimension(0));
	}

	@Test
	void cocoFineToCoarseTableIsComplete() throws IOException {
		Path list = Files.write(root.resolve("list.txt"), List.of("1"));
		TestPngs.rgb(root.resolve("val2017/1.jpg"), "jpg", 1, 1, 0);
		TestPngs.gray8(root.resolve("stuffthingmaps_trainval2017/val2017/1.png"), 1, 1, 0);
		Dataset d = Dataset.cocoStuff27(root, list, COCO.resolve("fine_to_coarse.csv"));
		// README: things 0..90 -> 0..11, stuff 91..181 -> 12..26, every coarse id used, 255 ignored.
		boolean[] used = new boolean[27];
		for (int fine = 0; fine <= 181; fine++) {
			int coarse = d.classOf(fine);
			assertTrue(fine <= 90 ? coarse <= 11 : coarse >= 12 && coarse <= 26, fine + " -> " + coarse);
			used[coarse] = true;
		}
		for (boolean u : used) assertTrue(u);
		assertEquals(Dataset.IGNORE, d.classOf(255));
		assertEquals(Dataset.IGNORE, d.classOf(182));
	}

	@Test
	void cocoWithoutImagesNamesTheFirstMissingFileAndTheLayout() {
		NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Dataset.cocoStuff27(root,
			COCO.resolve("Coco164kFull_Stuff_Coarse_7.txt"), COCO.resolve("fine_to_coarse.csv")));
		assertEquals("COCO-Stuff-27: " + root.resolve("val2017/000000000139.jpg") + " is missing (and 4349 more " +
			"files); expected ROOT/val2017/<id>.jpg and ROOT/stuffthingmaps_trainval2017/val2017/<id>.png",
			e.getMessage());
	}

	@Test
	void cocoRejectsACsvWithoutTheColumns() throws IOException {
		Path csv = Files.write(root.resolve("bad.csv"), List.of("a,b", "1,2"));
		IOException e = assertThrows(IOException.class, () -> Dataset.cocoStuff27(root, csv, csv));
		assertTrue(e.getMessage().contains("must name the columns fine_id and coarse_id"), e.getMessage());
	}

	@Test
	void cityscapesWalksCitiesAndMapsLabelIds() throws IOException {
		for (String name : new String[] { "lindau_000000_000019", "frankfurt_000001_000538", "frankfurt_000000_000294" }) {
			String city = name.substring(0, name.indexOf('_'));
			TestPngs.rgb(root.resolve("leftImg8bit/val/" + city + "/" + name + "_leftImg8bit.png"), "png", 4, 2,
				new int[8]);
			TestPngs.gray8(root.resolve("gtFine/val/" + city + "/" + name + "_gtFine_labelIds.png"), 4, 2,
				0, 7, 33, 6, 1, 24, 26, 8);
			TestPngs.gray8(root.resolve("gtFine/val/" + city + "/" + name + "_gtFine_color.png"), 1, 1, 0);
		}
		Dataset d = Dataset.cityscapes27(root);
		assertEquals(List.of("frankfurt_000000_000294", "frankfurt_000001_000538", "lindau_000000_000019"),
			d.samples().stream().map(Sample::id).collect(Collectors.toList()));
		assertArrayEquals(new int[] { 255, 0, 26, 255, 255, 17, 19, 1 }, d.groundTruth(d.samples().get(0)).values);
		// Centre square of 4x2: columns 1..2 -> [0, 26 / 17, 19]
		assertArrayEquals(new int[] { 0, 26, 17, 19 }, d.groundTruth(d.samples().get(0), 2).values);
		for (List<String> row : csv(Fixtures.datasets().resolve("cityscapes27/classes.csv")))
			assertEquals(Integer.parseInt(row.get(2)), d.classOf(Integer.parseInt(row.get(0))), row.toString());
	}

	@Test
	void cityscapesMissingAnnotation() throws IOException {
		TestPngs.rgb(root.resolve("leftImg8bit/val/bonn/bonn_000000_000019_leftImg8bit.png"), "png", 1, 1, 0);
		NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Dataset.cityscapes27(root));
		assertTrue(e.getMessage().startsWith("Cityscapes-27: " + root.resolve(
			"gtFine/val/bonn/bonn_000000_000019_gtFine_labelIds.png") + " is missing; expected"), e.getMessage());
		assertThrows(NoSuchFileException.class, () -> Dataset.cityscapes27(root.resolve("nowhere")));
	}

	@Test
	void ade20kReducesZeroLabel() throws IOException {
		Path ade = root.resolve("ADEChallengeData2016");
		for (String id : new String[] { "ADE_val_00000002", "ADE_val_00000001" }) {
			TestPngs.rgb(ade.resolve("images/validation/" + id + ".jpg"), "jpg", 3, 3, new int[9]);
			TestPngs.gray8(ade.resolve("annotations/validation/" + id + ".png"), 3, 3, 0, 1, 150, 2, 3, 4, 5, 6, 7);
		}
		TestPngs.rgb(ade.resolve("images/training/ADE_train_00000001.jpg"), "jpg", 1, 1, 0);
		Dataset d = Dataset.ade20k150(root); // the parent of ADEChallengeData2016 works too
		assertEquals(150, d.classes());
		assertEquals(List.of("ADE_val_00000001", "ADE_val_00000002"), d.samples().stream().map(Sample::id)
			.collect(Collectors.toList()));
		assertArrayEquals(new int[] { 255, 0, 149, 1, 2, 3, 4, 5, 6 }, d.groundTruth(d.samples().get(0), 3).values);
		assertEquals(2, Dataset.ade20k150(ade).samples().size());
		List<List<String>> rows = csv(Fixtures.datasets().resolve("ade20k150/classes.csv"));
		assertEquals(151, rows.size());
		for (List<String> row : rows)
			assertEquals(Integer.parseInt(row.get(1)), d.classOf(Integer.parseInt(row.get(0))), row.toString());
	}

	@Test
	void centerSquareIsTheCropTheSegmenterSees() {
		// 5x3 image: the centred 3x3 square starts at column (5-3)/2 = 1.
		int[] argb = new int[15];
		for (int k = 0; k < 15; k++) argb[k] = k;
		RandomAccessibleInterval<ARGBType> square = Dataset.centerSquare(ArrayImgs.argbs(argb, 5, 3));
		assertArrayEquals(new long[] { 0, 0, 2, 2 }, new long[] { square.min(0), square.min(1), square.max(0),
			square.max(1) });
		RandomAccess<ARGBType> a = square.randomAccess();
		a.setPosition(new long[] { 0, 0 });
		assertEquals(1, a.get().get());
		a.setPosition(new long[] { 2, 2 });
		assertEquals(13, a.get().get());
	}

	/** Rows of a CSV file after its header. */
	private static List<List<String>> csv(Path file) throws IOException {
		return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(Csv::split)
			.collect(Collectors.toList());
	}
}
