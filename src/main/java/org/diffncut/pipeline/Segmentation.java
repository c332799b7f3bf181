package org.diffncut.pipeline;

import java.util.Arrays;

import org.diffncut.graph.PowerWalk;
import org.diffncut.image.Window;
import org.diffncut.ncut.Partition;
import org.diffncut.ncut.SplitTree;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.segmentation.LabelImage;
import org.diffncut.segmentation.LabelUpsampler;

/**
 * A segmented image: labels at the output size, and the split tree and power walk they came from, so that the
 * image can be re-cut with another stopping rule at once (no model pass, no new eigenvectors).
 */
public final class Segmentation {
	private final PowerWalk walk;
	private final SplitTree tree;
	private final StoppingRule rule;
	private final Partition partition;
	private final Window window;
	private final LabelImage labels;
	private final Timings timings;

	Segmentation(PowerWalk walk, SplitTree tree, StoppingRule rule, Partition partition, Window window,
		LabelImage labels, Timings timings)
	{
		this.walk = walk;
		this.tree = tree;
		this.rule = rule;
		this.partition = partition;
		this.window = window;
		this.labels = labels;
		this.timings = timings;
	}

	/** Cuts {@code tree} with {@code rule} and upsamples the segments to width × height through {@code window}. */
	public static Segmentation of(PowerWalk walk, SplitTree tree, StoppingRule rule, Window window, int width,
		int height, Timings timings)
	{
		if (tree.cells() != walk.size()) throw new IllegalArgumentException("the split tree covers " + tree.cells() +
			" cells but the attention matrix has " + walk.size() + ": they come from different images");
		Partition partition = tree.partition(rule);
		LabelImage labels = timings.time("upsample", () -> LabelUpsampler.upsample(
			walk.segmentScores(partition.labels(), partition.count()), partition.count(),
			walk.transitions().gridHeight(), walk.transitions().gridWidth(), window, width, height));
		return new Segmentation(walk, tree, rule, partition, window, labels, timings);
	}

	/** The same image cut with {@code other} from the kept tree. */
	public Segmentation recut(StoppingRule other) {
		return of(walk, tree, other, window, labels.width(), labels.height(), new Timings());
	}

	public LabelImage labels() {
		return labels;
	}

	/**
	 * The mean feature of every label: row {@code label} (of {@link LabelImage#count()}) is the mean of the
	 * rows of Pᵏ over the segment's grid cells, length n. Comparable across images of the same grid, e.g. to keep
	 * labels consistent along a stack.
	 */
	public float[][] labelFeatures() {
		int n = walk.size();
		float[] means = walk.segmentMeans(partition.labels(), partition.count());
		float[][] features = new float[labels.count()][];
		for (int label = 0; label < features.length; label++) {
			int s = labels.source(label);
			features[label] = Arrays.copyOfRange(means, s * n, (s + 1) * n);
		}
		return features;
	}

	public SplitTree tree() {
		return tree;
	}

	public StoppingRule rule() {
		return rule;
	}

	/** Segments on the grid, before upsampling (a segment can vanish at the output size). */
	public Partition partition() {
		return partition;
	}

	public PowerWalk walk() {
		return walk;
	}

	public Window window() {
		return window;
	}

	public Timings timings() {
		return timings;
	}
}
