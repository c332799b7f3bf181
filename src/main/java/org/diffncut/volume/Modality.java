package org.diffncut.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.nifti.Nifti;

/**
 * The files of a BraTS case, by the suffix of their names: {@code BraTS2021_00000_flair.nii.gz} (2021) or
 * {@code BraTS-GLI-00000-000-t2f.nii.gz} (2023, whose names are accepted as aliases: t2f = flair, t1c = t1ce,
 * t2w = t2, t1n = t1).
 */
public enum Modality {
	FLAIR("flair", "t2f"),
	T1CE("t1ce", "t1c"),
	T2("t2", "t2w"),
	T1("t1", "t1n"),
	SEG("seg");

	/** The default channels: FLAIR, T1ce and T2 as red, green and blue. */
	public static final List<Modality> DEFAULT_CHANNELS = List.of(FLAIR, T1CE, T2);

	private final String[] names;

	Modality(String... names) {
		this.names = names;
	}

	/** The 2021 name. */
	public String label() {
		return names[0];
	}

	/** From a 2021 or 2023 name, any case. */
	public static Modality parse(String text) {
		String t = text.trim().toLowerCase(Locale.ROOT);
		for (Modality m : values())
			if (Arrays.asList(m.names).contains(t)) return m;
		throw new IllegalArgumentException("unknown BraTS modality '" + text + "': use flair, t1ce, t2, t1 " +
			"(or the 2023 names t2f, t1c, t2w, t1n)");
	}

	/** One to three distinct image modalities, comma-separated ("flair,t1ce,t2"). */
	public static List<Modality> parseChannels(String text) {
		List<Modality> list = new ArrayList<>();
		for (String part : text.split(",")) {
			Modality m = parse(part);
			if (m == SEG) throw new IllegalArgumentException("seg is the ground truth, not an input channel");
			if (list.contains(m)) throw new IllegalArgumentException("modality " + m.label() + " is given twice");
			list.add(m);
		}
		if (list.size() > 3) throw new IllegalArgumentException("at most three modalities become the red, green and " +
			"blue of a slice; got " + list.size());
		return list;
	}

	/** Whether {@code fileName} is this modality's NIfTI file: its stem ends in _name or -name. */
	public boolean matches(String fileName) {
		if (!Nifti.isNiftiName(fileName)) return false;
		String stem = Nifti.stem(fileName).toLowerCase(Locale.ROOT);
		for (String n : names)
			if (stem.endsWith("_" + n) || stem.endsWith("-" + n)) return true;
		return false;
	}

	/**
	 * This modality's file in {@code folder}, or null if there is none.
	 *
	 * @throws IOException if two files match (e.g. both _t1ce and -t1c)
	 */
	public Path find(Path folder) throws IOException {
		List<Path> found;
		try (Stream<Path> files = Files.list(folder)) {
			found = files.filter(f -> Files.isRegularFile(f) && matches(f.getFileName().toString())).sorted()
				.collect(Collectors.toList());
		}
		if (found.size() > 1) throw new IOException(folder + ": several " + label() + " files (" + found.get(0)
			.getFileName() + ", " + found.get(1).getFileName() + "); keep one");
		return found.isEmpty() ? null : found.get(0);
	}
}
