package org.diffncut.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.diffncut.Progress;
import org.diffncut.model.DeviceChoice;
import org.diffncut.hub.ModelSource;
import org.diffncut.io.OutputFolder;
import org.diffncut.pipeline.DiffusionSegmenter;
import org.diffncut.volume.Channels;
import org.diffncut.volume.VolumeSegmenter;

import ij.ImagePlus;

/**
 * What the Fiji commands keep between runs: the loaded model (one at a time: loading another releases the
 * first) and the last segmentation of the few most recent single images, for Re-cut. The SciJava service owns
 * one and closes it with its context; plain ImageJ uses {@link #shared()}.
 * <p>
 * Runs are serialised: the model is not thread-safe, so {@link #withModel} holds a lock while a task runs.
 */
public final class Workspace implements AutoCloseable {
	/** How many recent segmentations Re-cut keeps (each holds its attention walk: 64 MB at 512 px). */
	public static final int RECENT = 4;

	private static Workspace shared;

	private final Object modelLock = new Object();
	private DiffusionSegmenter segmenter;
	private String spec;
	private DeviceChoice device;
	private final Map<Integer, RecutState> recent = new LinkedHashMap<>();

	/** The workspace of plain ImageJ 1.x, alive as long as the JVM. */
	public static synchronized Workspace shared() {
		if (shared == null) shared = new Workspace();
		return shared;
	}

	/** A task that runs with the loaded model. */
	@FunctionalInterface
	public interface ModelTask<T> {
		T run(DiffusionSegmenter segmenter) throws IOException;
	}

	/**
	 * Segments {@code imp} with the model {@code settings} name: the one path of the menu command and the SciJava
	 * command. The first 5% of {@code progress} is the model's loading.
	 */
	public ImageSegmentation segment(ImagePlus imp, Settings settings, Progress progress, BooleanSupplier canceled,
		Consumer<String> log, Consumer<String> warnings) throws IOException
	{
		ImagePlusImages.check(imp);
		return withModel(settings, progress.range(0, 0.05), canceled, log, segmenter ->
			ImageSegmentation.run(imp, settings, segmenter, progress.range(0.05, 0.95), canceled, log, warnings));
	}

	/**
	 * Segments {@code items} into {@code output} with the model {@code settings} name: the one path of the menu
	 * command and the SciJava command. The folder is taken (one writer) and its settings checked before the model
	 * loads. Volumes are sliced across {@link Settings#axis()}, as the command line's {@code --axis}.
	 *
	 * @param lines one line per image
	 * @throws IOException if another run holds the folder, or it holds labels made with other settings and
	 *         {@code overwrite} is off
	 */
	public BatchRun.Summary batch(List<BatchRun.Item> items, Path output, boolean overwrite, Settings settings,
		Progress progress, BooleanSupplier canceled, Consumer<String> log, Consumer<String> warnings,
		Consumer<String> lines) throws IOException
	{
		try (OutputFolder folder = OutputFolder.open(output)) {
			folder.settings(settings.macroOptions(), overwrite);
			return withModel(settings, progress.range(0, 0.02), canceled, log, segmenter ->
				BatchRun.run(items, folder, overwrite, new BatchRun.Segmenter() {
					@Override
					public ImageSegmentation image(ImagePlus imp, Progress p) throws IOException {
						return ImageSegmentation.run(imp, settings, segmenter, p, canceled, log, warnings);
					}

					@Override
					public VolumeSegmenter.Result volume(Channels channels, Progress p) throws IOException {
						return VolumeSegmenter.of(segmenter, settings.sliceAttention(), settings.cut(), settings.axis(),
							null).segment(channels, p, canceled);
					}
				}, progress.range(0.02, 0.98), canceled, lines));
		}
	}

	/**
	 * Runs {@code task} with the model and device of {@code settings}, loading it first unless it is already loaded
	 * (another loaded model is released); its working resolution and timestep are checked against the model's
	 * configuration before the weights load. One task at a time.
	 *
	 * @param progress of the loading (download, weights), when it happens
	 * @param canceled polled during a download
	 */
	private <T> T withModel(Settings settings, Progress progress, BooleanSupplier canceled, Consumer<String> log,
		ModelTask<T> task) throws IOException
	{
		synchronized (modelLock) {
			// DJL finds its engine through the context class loader; in ImageJ 1.x that one cannot see plugins/
			Thread thread = Thread.currentThread();
			ClassLoader context = thread.getContextClassLoader();
			thread.setContextClassLoader(Workspace.class.getClassLoader());
			try {
				String spec = settings.model();
				DeviceChoice device = settings.device();
				if (segmenter == null || !spec.equals(this.spec) || device != this.device) {
					release();
					segmenter = DiffusionSegmenter.open(spec, ModelSource.Options.fromEnvironment().cancel(canceled), device,
						settings.attention(), progress, log);
					this.spec = spec;
					this.device = device;
					log.accept("loaded " + describe());
				}
				return task.run(segmenter);
			}
			finally {
				thread.setContextClassLoader(context);
			}
		}
	}

	/** "CompVis/stable-diffusion-v1-4 on cpu float32", or "no model loaded". */
	public String describe() {
		synchronized (modelLock) {
			if (segmenter == null) return "no model loaded";
			return spec + " on " + segmenter.model().device();
		}
	}

	/** Frees the model's memory; the next run loads it again. Waits for a running task. */
	public void release() {
		synchronized (modelLock) {
			if (segmenter != null) segmenter.close();
			segmenter = null;
			spec = null;
			device = null;
		}
	}

	/** Keeps {@code state} for Re-cut under its label image and its input, dropping the oldest beyond {@link #RECENT}. */
	public synchronized void remember(RecutState state) {
		recent.values().removeIf(s -> s.labels() == state.labels() || s.input() == state.input());
		recent.put(state.labels().getID(), state);
		Iterator<Integer> it = recent.keySet().iterator();
		while (recent.size() > RECENT) {
			it.next();
			it.remove();
		}
	}

	/** The kept segmentation whose label image or input has ImageJ id {@code imageId}, or null. */
	public synchronized RecutState recent(int imageId) {
		for (RecutState s : recent.values())
			if (s.labels().getID() == imageId || s.input().getID() == imageId) return s;
		return null;
	}

	/** Releases the model and forgets the kept segmentations. */
	@Override
	public void close() {
		release();
		synchronized (this) {
			recent.clear();
		}
	}

	@Override
	public String toString() {
		return "Workspace[" + describe() + ", " + Objects.toString(recent.keySet()) + "]";
	}
}
