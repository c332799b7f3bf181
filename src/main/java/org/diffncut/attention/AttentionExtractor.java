package org.diffncut.attention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.diffncut.Progress;
import org.diffncut.model.AttentionLayer;
import org.diffncut.model.CaptureTimes;
import org.diffncut.model.CaptureTimes.Stage;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.StageCost;
import org.diffncut.model.WorkingImage;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

/**
 * Step 1–2 of Diffusion NCut for one image: Stable Diffusion self-attention, aggregated DiffSeg-style into the
 * row-stochastic transition matrix P. Reuses one loaded model for any number of images, one at a time or in
 * batches that share a model pass.
 */
public final class AttentionExtractor {
	private final StableDiffusion model;

	public AttentionExtractor(StableDiffusion model) {
		this.model = model;
	}

	/**
	 * Extracts P for a 2-D packed-ARGB image of any size.
	 *
	 * @param progress fraction and stage, from 0 to 1
	 * @param canceled polled between steps; when it answers true a {@link java.util.concurrent.CancellationException}
	 *        ends the extraction
	 * @throws IllegalArgumentException for options the model cannot honour (resolution not a multiple of 64, a grid
	 *         side absent at this resolution, ...)
	 */
	public AttentionResult extract(RandomAccessibleInterval<ARGBType> image, AttentionOptions options, Progress progress,
		BooleanSupplier canceled) throws IOException
	{
		return extract(List.of(image), options, progress, canceled).get(0);
	}

	/**
	 * Extracts P for each of a batch of images in one model pass: each image's P is the one it would get alone, and
	 * its times are its share of the batch's ({@link CaptureTimes#share}).
	 *
	 * @throws IllegalArgumentException as {@link #extract(RandomAccessibleInterval, AttentionOptions, Progress,
	 *         BooleanSupplier)}
	 */
	public List<AttentionResult> extract(List<? extends RandomAccessibleInterval<ARGBType>> images,
		AttentionOptions options, Progress progress, BooleanSupplier canceled) throws IOException
	{
		long start = System.nanoTime();
		List<AttentionLayer> layers = model.selfAttentionLayers(options.resolution());
		List<DiffSegAggregation> aggregations = new ArrayList<>();
		List<WorkingImage> working = new ArrayList<>();
		for (RandomAccessibleInterval<ARGBType> image : images) { // plans (and validates) before any heavy work
			aggregations.add(new DiffSegAggregation(options.layers(), options.grids(), layers, options.resolution()));
			working.add(WorkingImage.of(image, options.resolution(), options.fit()));
		}
		double preparation = (System.nanoTime() - start) * 1e-9;
		CaptureTimes times = model.capture(working, options.forward(), List.copyOf(aggregations),
			progress.range(0, 0.98), canceled);
		CaptureTimes share = times.share(images.size());
		share = share.with(Stage.VAE, share.cost(Stage.VAE).plusSeconds(preparation / images.size()));
		List<AttentionResult> results = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			start = System.nanoTime();
			DiffSegAggregation aggregation = aggregations.get(i);
			int side = aggregation.gridSide();
			TransitionMatrix p = TransitionMatrix.of(aggregation.result(), side, side);
			double seconds = share.aggregation() + (System.nanoTime() - start) * 1e-9;
			results.add(new AttentionResult(p, working.get(i).window(), aggregation.layerWeights(),
				share.with(Stage.AGGREGATION, new StageCost(seconds, aggregation.arithmetic()))));
		}
		progress.report(1, "attention");
		return results;
	}
}
