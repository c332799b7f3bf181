package org.diffncut.model;

import java.util.Locale;

/**
 * Wall-clock seconds of the stages of one attention extraction: text encoder (0 once its output is cached), VAE
 * encoder, UNet (all passes, including DDIM inversion) and aggregation of the attention maps (including the time
 * the UNet spends handing them over).
 */
public final class CaptureTimes {
	private final double text, vae, unet, aggregation;

	public CaptureTimes(double text, double vae, double unet, double aggregation) {
		this.text = text;
		this.vae = vae;
		this.unet = unet;
		this.aggregation = aggregation;
	}

	public double text() { return text; }
	public double vae() { return vae; }
	public double unet() { return unet; }
	public double aggregation() { return aggregation; }

	public double total() {
		return text + vae + unet + aggregation;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "text %.3f s, VAE %.3f s, UNet %.3f s, aggregation %.3f s", text, vae, unet,
			aggregation);
	}
}
