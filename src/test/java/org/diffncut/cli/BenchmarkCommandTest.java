package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

import org.diffncut.Fixtures;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.eval.TestPngs;
import org.diffncut.io.LabelPng;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The command with the real graph cut and a stand-in for the model: the "attention" of each 8x8 centre square is
 * a walk that stays (0.9) within the pixels of its own colour and jumps (0.1) uniformly, so the cut recovers the
 * colour regions. Two Cityscapes-layout images of 16x8, painted with their annotation: left half road, right half
 * car, so the expected scores are perfect.
 */
class BenchmarkCommandTest {
	@TempDir
	Path dir;

	private final List<String> opened = new ArrayList<>();
	private final StringWriter out = new StringWriter(), err = new StringWriter();
	private Path root;

	private final BenchmarkCommand.AttentionSourceFactory sources = (model, progress, warnings) -> {
		opened.add(model);
		return new BenchmarkCommand.AttentionSource() {
			@Override
			public TransitionMatrix attention(RandomAccessibleInterval<ARGBType> image, BooleanSupplier canceled)
			{
				int side = (int) image.dimension(0), n = side * side;
				int[] colour = new int[n];
				Cursor<ARGBType> c = Views.flatIterable(image).cursor();
				for (int k = 0; c.hasNext(); k++) colour[k] = c.next().get() & 0xffffff;
				float[] p = new float[n * n];
				for (int i = 0; i < n; i++) {
					int same = 0;
					for (int j = 0; j < n; j++) if (colour[j] == colour[i]) same++;
					for (int j = 0; j < n; j++) p[i * n + j] = 0.1f / n + (colour[j] == colour[i] ? 0.9f / same : 0);
				}
				return TransitionMatrix.of(p, side, side);
			}

			@Override
			public void close() {
				opened.add("closed");
			}
		};
	};

	@BeforeEach
	void cityscapes() throws IOException {
		root = dir.resolve("cityscapes");
		for (String name : new String[] { "bonn_000000_000019", "bonn_000001_000019" }) {
			int[] labelIds = new int[16 * 8], rgb = new int[16 * 8];
			for (int k = 0; k < labelIds.length; k++) {
				int x = k % 16;
				labelIds[k] = x < 4 || x >= 12 ? 0 : x < 8 ? 7 : 26; // outside the centre square: unlabeled
				rgb[k] = labelIds[k] == 26 ? 0x0000ff : labelIds[k] == 7 ? 0x808080 : 0xffffff;
			}
			TestPngs.rgb(root.resolve("leftImg8bit/val/bonn/" + name + "_leftImg8bit.png"), "png", 16, 8, rgb);
			TestPngs.gray8(root.resolve("gtFine/val/bonn/" + name + "_gtFine_labelIds.png"), 16, 8, labelIds);
		}
	}

	private int run(String... args) {
		return DiffNCut.commandLine(new BenchmarkCommand(sources)).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true)).execute(args);
	}

	@Test
	void segmentsScoresAndResumes() throws IOException {
		Path outDir = dir.resolve("run");
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "CompVis/sd", "--out",
			outDir.toString(), "--limit", "1"), err::toString);
		assertEquals(List.of("CompVis/sd", "closed"), opened);
		assertTrue(out.toString().contains("Cityscapes-27 (2 images, 27 classes), 1 evaluated"), out::toString);
		assertTrue(out.toString().contains("global      100.00  100.00  100.00"), out::toString);
		assertEquals(512, LabelPng.read(outDir.resolve("labels/bonn_000000_000019.png")).width);
		assertTrue(err.toString().contains("1/1 bonn_000000_000019"), err::toString);
		String settings = Files.readString(outDir.resolve("settings.txt"));
		assertTrue(settings.contains("--graph=dot\n") && settings.contains("--model=CompVis/sd\n") &&
			!settings.contains("--limit"), settings);

		out.getBuffer().setLength(0);
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "CompVis/sd", "--out",
			outDir.toString()));
		assertTrue(out.toString().contains("2 evaluated"), out::toString);
		assertEquals(2, Files.readAllLines(outDir.resolve("images.csv")).size() - 1);
		assertTrue(Files.readString(outDir.resolve("scores.json")).contains("\"images\": 2"));
	}

	/** An access token (and where the hub or cache is) does not change labels, and must never be written to OUT. */
	@Test
	void theHubTokenNeverReachesTheOutputFolder() throws IOException {
		Path outDir = dir.resolve("run");
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--limit", "1", "--token", "hf_secret123", "--endpoint", "http://127.0.0.1:9",
			"--cache-dir", dir.resolve("cache").toString()), err::toString);
		String settings = Files.readString(outDir.resolve("settings.txt"));
		assertFalse(settings.contains("hf_secret123") || settings.contains("--token") || settings.contains(
			"--endpoint") || settings.contains("--cache-dir"), settings);
		// Another token, endpoint or cache resumes the same folder.
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--token", "hf_other"), err::toString);
	}

	@Test
	void otherCutOptionsNeedAnotherFolder() {
		Path outDir = dir.resolve("run");
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--limit", "1"));
		assertEquals(1, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--graph", "cosine"));
		assertTrue(err.toString().contains("holds labels made with other settings"), err::toString);
	}

	/** Issue 13: other settings, a folder another run holds, or a file as --out are refused before the model loads. */
	@Test
	void theOutputFolderIsCheckedBeforeTheModelLoads() throws IOException {
		Path outDir = dir.resolve("run");
		assertEquals(0, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--limit", "1"));
		opened.clear();
		assertEquals(1, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString(), "--graph", "cosine"));
		long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
		Files.writeString(outDir.resolve(".diffncut.lock"), "pid " + parent + "\nhost " + java.net.InetAddress
			.getLocalHost().getHostName() + "\n");
		assertEquals(1, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			outDir.toString()));
		assertTrue(err.toString().contains("in use by another run"), err::toString);
		Path file = Files.writeString(dir.resolve("file"), "x");
		assertEquals(1, run("--dataset", "cityscapes", "--root", root.toString(), "--model", "m", "--out",
			file.toString()));
		assertTrue(err.toString().contains("is a file, not a folder"), err::toString);
		assertEquals(List.of(), opened, "the model never loaded");
	}

	@Test
	void unknownDatasetIsAUsageError() {
		assertEquals(2, run("--dataset", "voc", "--root", "r", "--model", "m", "--out", "o"));
		assertTrue(err.toString().contains("unknown dataset 'voc': use coco27, cityscapes or ade20k"), err::toString);
	}

	@Test
	void tinyModelEndToEnd() throws IOException {
		// The real loader and extractor on the tiny SD-1.4-shaped fixture (random weights): the scores mean
		// nothing, the run must produce every output and print the table.
		Path outDir = dir.resolve("tiny");
		CliRun run = CliRun.of("benchmark", "--dataset", "cityscapes", "--root", root.toString(), "--model", Fixtures
			.tinySd14().resolve("model").toString(), "--out", outDir.toString(), "--limit", "1");
		assertEquals(0, run.code, run::toString);
		assertEquals(512, LabelPng.read(outDir.resolve("labels/bonn_000000_000019.png")).height);
		assertTrue(run.out.contains("1 evaluated"), run::toString);
		assertTrue(Files.exists(outDir.resolve("scores.json")));
	}
}
