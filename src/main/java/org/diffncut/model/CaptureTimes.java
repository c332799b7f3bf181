package org.diffncut.model;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the stages of one attention extraction took ({@link StageCost}: seconds and arithmetic): text encoder (0
 * once its output is cached), VAE encoder, UNet (all passes, including DDIM inversion) and aggregation of the
 * attention maps (including the time the UNet spends handing them over). For an image of a batch, its share: the
 * batch's figures divided by the batch size.
 */
public final class CaptureTimes {
	public enum Stage {
		TEXT("text encoder"), VAE("VAE encoder"), UNET("UNet"), AGGREGATION("aggregation");

		private final String label;

		Stage(String label) {
			this.label = label;
		}

		@Override
		public String toString() {
			return label;
		}
	}

	private final Map<Stage, StageCost> stages;

	public CaptureTimes(StageCost text, StageCost vae, StageCost unet, StageCost aggregation) {
		stages = new EnumMap<>(Stage.class);
		stages.put(Stage.TEXT, text);
		stages.put(Stage.VAE, vae);
		stages.put(Stage.UNET, unet);
		stages.put(Stage.AGGREGATION, aggregation);
	}

	private CaptureTimes(Map<Stage, StageCost> stages) {
		this.stages = stages;
	}

	public StageCost cost(Stage stage) {
		return stages.get(stage);
	}

	/** The same figures with {@code stage} replaced by {@code cost}. */
	public CaptureTimes with(Stage stage, StageCost cost) {
		Map<Stage, StageCost> s = new EnumMap<>(stages);
		s.put(stage, cost);
		return new CaptureTimes(s);
	}

	/** The stages of this capture and {@code other} together (two parts of one batch). */
	public CaptureTimes plus(CaptureTimes other) {
		Map<Stage, StageCost> s = new EnumMap<>(Stage.class);
		stages.forEach((k, c) -> s.put(k, c.plus(other.stages.get(k))));
		return new CaptureTimes(s);
	}

	/** One image's share of a batch of {@code n}. */
	public CaptureTimes share(int n) {
		Map<Stage, StageCost> s = new EnumMap<>(Stage.class);
		stages.forEach((k, c) -> s.put(k, c.share(n)));
		return new CaptureTimes(s);
	}

	public double text() { return stages.get(Stage.TEXT).seconds(); }
	public double vae() { return stages.get(Stage.VAE).seconds(); }
	public double unet() { return stages.get(Stage.UNET).seconds(); }
	public double aggregation() { return stages.get(Stage.AGGREGATION).seconds(); }

	public double total() {
		return stages.values().stream().mapToDouble(StageCost::seconds).sum();
	}

	/** The arithmetic of all stages. */
	public Arithmetic arithmetic() {
		return stages.values().stream().map(StageCost::arithmetic).reduce(Arithmetic.NONE, Arithmetic::plus);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "text %.3f s, VAE %.3f s, UNet %.3f s, aggregation %.3f s", text(), vae(),
			unet(), aggregation());
	}
}
