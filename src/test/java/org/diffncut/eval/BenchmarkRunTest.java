package org.diffncut.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import net.imglib2.Cursor;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

import org.diffncut.io.LabelPng;
import org.diffncut.io.LabelPng.Labels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a three-image Cityscapes-layout dataset with a fake segmenter that reads segment ids from the red
 * channel (id = red / 9). Each 4x2 image is painted with the labelIds of its annotation, so inside the centred
 * 2x2 square the segments are exactly the classes, up to renaming.
 */
class BenchmarkRunTest {
	@TempDir
	Path dir;

	private Dataset dataset;
	private Path out;
	private final List<String> segmentedIds = new ArrayList<>();
	private final List<String> warnings = new ArrayList<>();

	private final SegmentationMethod fake = (image, side) -> {
		segmentedIds.add("call");
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		int[] ids = new int[w * h];
		Cursor<ARGBType> c = Views.flatIterable(image).cursor();
		for (int k = 0; c.hasNext(); k++) ids[k] = ARGBType.red(c.next().get()) / 9;
		return new Labels(w, h, ids);
	};

	@BeforeEach
	void dataset() throws IOException {
		Path root = dir.resolve("cityscapes");
		// labelIds 7 (road -> 0), 8 (sidewalk -> 1), 26 (car -> 19); columns 0 and 3 fall outside the centre square.
		int[][] annotations = { { 0, 7, 8, 0, 0, 7, 8, 0 }, { 0, 26, 26, 0, 0, 7, 7, 0 }, { 0, 8, 7, 0, 0, 8, 7, 0 } };
		String[] names = { "aachen_000000_000019", "aachen_000001_000019", "bonn_000000_000019" };
		for (int i = 0; i < 3; i++) {
			String city = names[i].substring(0, names[i].indexOf('_'));
			int[] rgb = new int[8];
			for (int k = 0; k < 8; k++) rgb[k] = annotations[i][k] * 9 << 16; // red = 9 x labelId
			TestPngs.rgb(root.resolve("leftImg8bit/val/" + city + "/" + names[i] + "_leftImg8bit.png"), "png", 4, 2,
				rgb);
			TestPngs.gray8(root.resolve("gtFine/val/" + city + "/" + names[i] + "_gtFine_labelIds.png"), 4, 2,
				annotations[i]);
		}
		dataset = Dataset.cityscapes27(root);
		out = dir.resolve("out");
	}

	private BenchmarkRun runner(String settings) {
		return new BenchmarkRun(dataset, fake, out).settings(settings).warnings(warnings::add);
	}

	@Test
	void limitThenResume() throws IOException {
		List<String> updates = new ArrayList<>();
		long[] now = { 0 };
		SegmentationMethod slow = (image, side) -> { // 90 s per image on the fake clock
			now[0] += 90_000_000_000L;
			return fake.segment(image, side);
		};
		Evaluation first = new BenchmarkRun(dataset, slow, out).settings("k=1").limit(2).clock(() -> now[0])
			.progress((f, stage) -> updates.add(f + " " + stage)).run();
		assertEquals(List.of("0.5 1/2 aachen_000000_000019, 90.0 s/image, 1:30 left",
			"1.0 2/2 aachen_000001_000019, 90.0 s/image, 0:00 left"), updates);
		assertEquals(2, segmentedIds.size());
		assertEquals(2, first.images());
		EvaluatorTest.assertScores(1, 1, 1, first.global());
		Labels label = LabelPng.read(out.resolve("labels/aachen_000000_000019.png"));
		assertEquals(BenchmarkRun.SIDE, label.width);
		assertEquals(BenchmarkRun.SIDE, label.height);
		// the centre square's left half has labelId 7 -> segment 7, its right half 8 -> 8; rows alike
		assertEquals(7, label.values[0]);
		assertEquals(8, label.values[BenchmarkRun.SIDE - 1]);
		Labels gt = LabelPng.read(out.resolve("gt/aachen_000000_000019.png"));
		assertEquals(0, gt.values[0]); // road
		assertEquals(1, gt.values[BenchmarkRun.SIDE - 1]); // sidewalk
		assertEquals(3, Files.readAllLines(out.resolve("images.csv")).size());

		updates.clear();
		Evaluation all = runner("k=1").progress((f, stage) -> updates.add(stage)).run();
		assertEquals(3, segmentedIds.size()); // only the third image is new
		assertEquals(List.of("1/3 aachen_000000_000019", "2/3 aachen_000001_000019"), updates.subList(0, 2));
		assertTrue(updates.get(2).startsWith("3/3 bonn_000000_000019, "), updates::toString);
		assertEquals(3, all.images());
		List<String> csv = Files.readAllLines(out.resolve("images.csv"));
		assertEquals(List.of(ScoreCsv.HEADER, "aachen_000000_000019,262144,1.000000,1.000000,1.000000,1.000000," +
			"1.000000,1.000000"), csv.subList(0, 2));
		assertEquals(4, csv.size());
		assertTrue(Files.readString(out.resolve("scores.json")).contains("\"images\": 3"));
		assertEquals(List.of(), warnings);
	}

	@Test
	void unreadableOrWrongSizedLabelsAreMadeAgain() throws IOException {
		runner("").limit(2).run();
		Files.write(out.resolve("labels/aachen_000000_000019.png"), new byte[] { 1, 2, 3 });
		LabelPng.write(out.resolve("labels/aachen_000001_000019.png"), new short[4], 2, 2);
		runner("").limit(2).run();
		assertEquals(4, segmentedIds.size());
		assertEquals(2, warnings.size());
		assertTrue(warnings.get(1).endsWith("aachen_000001_000019.png: 2x2, not 512x512; made again"), warnings::toString);
		assertEquals(BenchmarkRun.SIDE, LabelPng.read(out.resolve("labels/aachen_000000_000019.png")).width);
	}

	@Test
	void otherSettingsRefuseTheFolder() throws IOException {
		runner("graph=dot").limit(1).run();
		IOException e = assertThrows(IOException.class, () -> runner("graph=cosine").run());
		assertEquals(out + " holds labels made with other settings (see " + out.resolve("settings.txt") + "): " +
			"choose another --out, or delete the folder to start again", e.getMessage());
		assertEquals(1, segmentedIds.size());
	}

	/** Issue 13 item 3: a folder another running benchmark holds is refused before any image. */
	@Test
	void aFolderHeldByAnotherRunIsRefused() throws IOException {
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		Files.createDirectories(out);
		Files.writeString(out.resolve(".diffncut.lock"), "pid " + parent + "\nhost " + java.net.InetAddress.getLocalHost()
			.getHostName() + "\n");
		IOException e = assertThrows(IOException.class, () -> runner("").run());
		assertTrue(e.getMessage().contains("in use by another run (pid " + parent), e.getMessage());
		assertEquals(0, segmentedIds.size());
	}

	@Test
	void cancelKeepsFinishedLabels() throws IOException {
		BenchmarkRun run = runner("").canceled(() -> segmentedIds.size() >= 1);
		assertThrows(CancellationException.class, run::run);
		assertTrue(Files.exists(out.resolve("labels/aachen_000000_000019.png")));
		assertEquals(1, segmentedIds.size());
	}

	@Test
	void scoresOfAnImperfectSegmenter() throws IOException {
		// A segmenter that returns one segment everywhere: per image the class of most pixels is matched.
		// Image 1: road 1/2, sidewalk 1/2; image 2: car 1/2, road 1/2; image 3: sidewalk 1/2, road 1/2
		// (each class one 256x512 half). Every image: acc 1/2; the matched class IoU 1/2, the other 0 -> 1/4.
		SegmentationMethod one = (image, side) -> new Labels(1, 1, new int[1]);
		Evaluation r = new BenchmarkRun(dataset, one, out).run();
		assertEquals(0.5, r.perImage().accuracy(), 1e-15);
		assertEquals(0.25, r.perImage().miou(), 1e-15);
	}

	@Test
	void stageShowsPaceAndTimeLeft() {
		// 3 images segmented in 30 s: 10 s each; 7200 of 7203 left: 20 h exactly
		assertEquals("3/7203 x, 10.0 s/image, 20:00:00 left", BenchmarkRun.stage(3, 7203, "x", 3, 30_000_000_000L));
		assertEquals("3/10 x", BenchmarkRun.stage(3, 10, "x", 0, 1));
	}
}
