package org.diffncut.attention;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import org.diffncut.Progress;
import org.diffncut.model.StableDiffusion;
import org.diffncut.model.CaptureTimes;
import org.diffncut.model.WorkingImage;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;

/**
 * Step 1–2 of Diffusion NCut for one image: Stable Diffusion self-attention, aggregated DiffSeg-style into the
 * row-stochastic transition matrix P. Reuses one loaded model for any number of images, one at a time.
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
		long start = System.nanoTime();
		// plans (and validates) before any heavy work
		DiffSegAggregation aggregation = new DiffSegAggregation(options.layers(), options.grids(),
			model.selfAttentionLayers(options.resolution()), options.resolution());
		WorkingImage working = WorkingImage.of(image, options.resolution(), options.fit());
		double preparation = (System.nanoTime() - start) * 1e-9;
		CaptureTimes times = model.capture(working, options.forward(), aggregation, progress.range(0, 0.98), canceled);
		start = System.nanoTime();
		int side = aggregation.gridSide();
		TransitionMatrix p = TransitionMatrix.of(aggregation.result(), side, side);
		progress.report(1, "attention");
		times = new CaptureTimes(times.text(), times.vae() + preparation, times.unet(), times.aggregation() +
			(System.nanoTime() - start) * 1e-9);
		return new AttentionResult(p, working.window(), aggregation.layerWeights(), times);
	}
}
