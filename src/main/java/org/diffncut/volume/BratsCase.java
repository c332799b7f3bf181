package org.diffncut.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A BraTS case: a folder holding one NIfTI volume per modality. A sub-folder of a root is a case when it holds at
 * least one of the modalities asked for; a case that lacks some of them is kept, with {@link #missing()}, so that
 * it gets a row of its own in a run's report rather than vanishing.
 */
public final class BratsCase {
	private final String name;
	private final Path folder;
	private final List<Modality> modalities;
	private final List<Path> files; // by modality, null where missing

	private BratsCase(String name, Path folder, List<Modality> modalities, List<Path> files) {
		this.name = name;
		this.folder = folder;
		this.modalities = modalities;
		this.files = files;
	}

	/** The cases under {@code root} in name order, and one note per entry that is not one. */
	public static final class Listing {
		public final List<BratsCase> cases;
		public final List<String> skipped;

		Listing(List<BratsCase> cases, List<String> skipped) {
			this.cases = Collections.unmodifiableList(cases);
			this.skipped = Collections.unmodifiableList(skipped);
		}
	}

	/**
	 * Lists the cases under {@code root} for {@code modalities}. Hidden entries (names starting with a dot) are
	 * passed over silently; other files and folders without any of the modalities get a note.
	 *
	 * @throws IOException if {@code root} is not a folder or holds no case, saying where cases are looked for
	 */
	public static Listing list(Path root, List<Modality> modalities) throws IOException {
		if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder of BraTS cases (give the folder " +
			"that holds one sub-folder per case)");
		List<Path> entries;
		try (Stream<Path> s = Files.list(root)) {
			entries = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
		}
		List<BratsCase> cases = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (Path e : entries) {
			String name = e.getFileName().toString();
			if (!Files.isDirectory(e)) {
				skipped.add(name + ": not a case folder, skipped");
				continue;
			}
			BratsCase c = of(e, modalities);
			if (!c.holdsAny()) skipped.add(name + ": no " + labels(modalities) +
				" volume, skipped");
			else cases.add(c);
		}
		if (cases.isEmpty()) throw new IOException(root + ": no case folder holds " + labels(modalities) + " volumes " +
			"(a case is a sub-folder with e.g. <case>_" + modalities.get(0).label() + ".nii.gz): give the folder of " +
			"the case folders, or other --modalities");
		return new Listing(cases, skipped);
	}

	/** The case in {@code folder}, named after it. */
	public static BratsCase of(Path folder, List<Modality> modalities) throws IOException {
		List<Path> files = new ArrayList<>();
		for (Modality m : modalities) files.add(m.find(folder));
		return new BratsCase(folder.getFileName().toString(), folder, List.copyOf(modalities), files);
	}

	public String name() {
		return name;
	}

	public Path folder() {
		return folder;
	}

	/** The file of {@code m} (one of the listed modalities), or null. */
	public Path file(Modality m) {
		int i = modalities.indexOf(m);
		if (i < 0) throw new IllegalArgumentException(m.label() + " was not asked for");
		return files.get(i);
	}

	/** The files of the modalities in order; fails if one is missing. */
	public List<Path> files() throws IOException {
		List<Modality> missing = missing();
		if (!missing.isEmpty()) throw new IOException(folder + ": no " + labels(missing) + " volume (a file ending in _" +
			missing.get(0).label() + ".nii.gz)");
		return Collections.unmodifiableList(files);
	}

	/** Whether the folder holds any of the modalities, which makes it a case (perhaps with some missing). */
	public boolean holdsAny() {
		return missing().size() < modalities.size();
	}

	public List<Modality> missing() {
		List<Modality> missing = new ArrayList<>();
		for (int i = 0; i < files.size(); i++)
			if (files.get(i) == null) missing.add(modalities.get(i));
		return missing;
	}

	private static String labels(List<Modality> modalities) {
		return modalities.stream().map(Modality::label).collect(Collectors.joining("/"));
	}
}
