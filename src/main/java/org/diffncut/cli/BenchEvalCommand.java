package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.diffncut.eval.FolderEvaluation;
import org.diffncut.io.LabelPng;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diffncut bench-eval}: throughput of {@code evaluate} on generated label maps (blocky 27-class ground
 * truth, 12-segment predictions, 16-bit PNGs), one decoding thread (baseline) against the default pool.
 */
@Command(name = "bench-eval", mixinStandardHelpOptions = true,
	description = "Measures evaluate's throughput (image pairs per second) on generated label maps.")
final class BenchEvalCommand implements Callable<Integer> {
	@Spec
	private CommandSpec spec;

	@Option(names = "--pairs", defaultValue = "300", description = "Image pairs (default: ${DEFAULT-VALUE}).")
	private int pairs;

	@Option(names = "--size", defaultValue = "512", description = "Side of each map (default: ${DEFAULT-VALUE}).")
	private int size;

	@Option(names = "--classes", defaultValue = "27", description = "Classes (default: ${DEFAULT-VALUE}).")
	private int classes;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		Path dir = Files.createTempDirectory("diffncut-bench-eval");
		try {
			Path pred = Files.createDirectory(dir.resolve("pred")), gt = Files.createDirectory(dir.resolve("gt"));
			Random random = new Random(1);
			for (int i = 0; i < pairs; i++) {
				String name = String.format(Locale.ROOT, "%06d.png", i);
				LabelPng.write(gt.resolve(name), blocks(random, classes, 64), size, size);
				LabelPng.write(pred.resolve(name), blocks(random, 12, 96), size, size);
			}
			out.printf(Locale.ROOT, "%d pairs of %dx%d, %d classes%n", pairs, size, size, classes);
			double base = 0;
			for (int threads : new int[] { 1, Runtime.getRuntime().availableProcessors() }) {
				new FolderEvaluation(pred, gt, classes, 255).threads(threads).run(); // warm-up
				long t0 = System.nanoTime();
				new FolderEvaluation(pred, gt, classes, 255).threads(threads).run();
				double perSecond = pairs / ((System.nanoTime() - t0) * 1e-9);
				if (base == 0) base = perSecond;
				out.printf(Locale.ROOT, "threads %d: %7.1f pairs/s  (x%.2f)%n", threads, perSecond, perSecond / base);
			}
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return 0;
	}

	/** Square blocks of {@code block} pixels with random ids below {@code ids}, with a little noise. */
	private short[] blocks(Random random, int ids, int block) {
		int cells = (size + block - 1) / block;
		int[] cell = random.ints(cells * cells, 0, ids).toArray();
		short[] labels = new short[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				labels[y * size + x] = (short) (random.nextInt(50) == 0 ? random.nextInt(ids) :
					cell[(y / block) * cells + x / block]);
		return labels;
	}
}
