package org.diffncut.pipeline;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.image.Window;
import org.diffncut.ncut.Partition;
import org.diffncut.ncut.SplitTree;
import org.diffncut.segmentation.LabelImage;
import org.diffncut.segmentation.LabelUpsampler;

/**
 * The stages after the attention matrix for the foreground of an image only (a skull-stripped MRI slice): the
 * background cells take no part in the graph. P is restricted to the foreground cells
 * ({@link LabelUpsampler#foregroundCells}) and its rows renormalised, i.e. the walk conditioned on staying in
 * the foreground; the graph, the cut and the labels are then as in {@link AttentionCut}, with each foreground pixel
 * interpolated from its foreground neighbour cells only.
 */
public final class ForegroundCut {
	private final LabelImage labels;
	private final float[][] features;

	private ForegroundCut(LabelImage labels, float[][] features) {
		this.labels = labels;
		this.features = features;
	}

	/**
	 * @param p P over the whole grid
	 * @param pixels the foreground pixels of the width × height image, row-major (at least one)
	 */
	public static ForegroundCut segment(TransitionMatrix p, boolean[] pixels, Window window, int width, int height,
		CutOptions options, Timings timings, Progress progress, BooleanSupplier canceled)
	{
		int gh = p.gridHeight(), gw = p.gridWidth(), n = p.size();
		boolean[] cells = LabelUpsampler.foregroundCells(pixels, width, height, window, gh, gw);
		int[] members = members(cells);
		if (members.length == 0) throw new IllegalArgumentException("the image has no foreground pixel");
		progress.report(0, "graph");
		TransitionMatrix sub = TransitionMatrix.of(restrict(p.data(), n, members), members.length, 1);
		AffinityGraph graph = timings.time("graph", () -> AffinityGraph.build(sub, options.graph(), options.steps(),
			options.device().cutDevice(options.gpu())));
		SplitTree tree = timings.time("ncut", () -> options.normalizedCut(graph).grow(graph, progress.range(0.1, 0.8), canceled));
		Partition partition = tree.partition(options.stop());
		int k = partition.count();
		LabelImage labels = timings.time("upsample", () -> LabelUpsampler.upsample(scatter(graph.walk()
			.segmentScores(partition.labels(), k), k, members, n), k, gh, gw, window, width, height, cells, pixels));
		float[] means = scatter(graph.walk().segmentMeans(partition.labels(), k), k, members, n);
		float[][] features = new float[labels.count()][];
		for (int label = 0; label < features.length; label++) {
			int s = labels.source(label);
			features[label] = Arrays.copyOfRange(means, s * n, (s + 1) * n);
		}
		progress.report(1, "done");
		return new ForegroundCut(labels, features);
	}

	/** Segment ids of the foreground pixels, 0..count−1 by decreasing size; background pixels hold 0 too. */
	public LabelImage labels() {
		return labels;
	}

	/**
	 * The mean feature of every label over the whole grid (length N, zero at background cells), so features of
	 * slices with different foregrounds compare cell by cell ({@link StackLabels}).
	 */
	public float[][] features() {
		return features;
	}

	private static int[] members(boolean[] cells) {
		int m = 0;
		for (boolean c : cells)
			if (c) m++;
		int[] members = new int[m];
		for (int i = 0, j = 0; i < cells.length; i++)
			if (cells[i]) members[j++] = i;
		return members;
	}

	/** P on the rows and columns {@code members}, rows rescaled to 1 (uniform if a row has no weight left). */
	static float[] restrict(float[] p, int n, int[] members) {
		int m = members.length;
		float[] sub = new float[m * m];
		for (int a = 0; a < m; a++) {
			int row = members[a] * n, o = a * m;
			double sum = 0;
			for (int b = 0; b < m; b++) sum += sub[o + b] = p[row + members[b]];
			for (int b = 0; b < m; b++) sub[o + b] = sum > 0 ? (float) (sub[o + b] / sum) : 1f / m;
		}
		return sub;
	}

	/** K rows over the m members → K rows over all n cells, 0 elsewhere. */
	private static float[] scatter(float[] rows, int k, int[] members, int n) {
		int m = members.length;
		float[] all = new float[k * n];
		for (int s = 0; s < k; s++)
			for (int a = 0; a < m; a++) all[s * n + members[a]] = rows[s * m + a];
		return all;
	}
}
