package org.diffncut.cli;

import java.util.List;

import org.diffncut.volume.Modality;

import picocli.CommandLine.Option;

/** Which BraTS modalities become red, green and blue: for the single-machine and the Spark {@code brats}. */
public final class ModalitiesMixin {
	@Option(names = "--modalities", defaultValue = "flair,t1ce,t2", paramLabel = "M,M,M",
		description = "One to three modalities as red, green, blue (2023 names t2f, t1c, t2w, t1n accepted). " +
			"Default: ${DEFAULT-VALUE}.")
	String modalities;

	/** The modalities as written, for messages. */
	@Override
	public String toString() {
		return modalities;
	}

	/** @throws IllegalArgumentException naming a modality that is not one */
	public List<Modality> chosen() {
		return Modality.parseChannels(modalities);
	}
}
