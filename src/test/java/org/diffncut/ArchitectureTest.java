package org.diffncut;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the code base (STYLE.md, "Our layout"), checked on the import lines of src/main:
 * only the Fiji layer (and file input/output) sees ImageJ, SciJava or AWT; the plain ImageJ 1.x plug-in and the
 * Fiji classes it uses see no SciJava (plain ImageJ does not have it); DJL stays where the dense tensor work is;
 * stages only use earlier stages.
 */
class ArchitectureTest {
	private static final Path SOURCES = Paths.get("src/main/java/org/diffncut");

	/** Stage order along the data flow; a package may import packages of its own or a lower rank. */
	private static final Map<String, Integer> RANK = new TreeMap<>();
	static {
		String[][] stages = { { "", "safetensors", "image", "io" }, { "hub" }, { "model" }, { "attention" }, { "graph" },
			{ "ncut" }, { "segmentation" }, { "pipeline" }, { "eval" }, { "cli", "fiji" }, { "spark" } };
		for (int r = 0; r < stages.length; r++)
			for (String p : stages[r]) RANK.put(p, r);
	}

	/** Packages allowed to see a user interface: the Fiji layer, and file input/output through ImageIO. */
	private static final List<String> UI_ALLOWED = Arrays.asList("fiji", "io");
	/** Fiji classes the plain ImageJ 1.x plug-in (package fiji.ij1) uses besides its own. */
	private static final List<String> IJ1_SHARED = Arrays.asList("BatchRun", "ImagePlusImages", "ImageSegmentation",
		"LabelImages", "Opt", "RecutState", "SegmentRois", "Settings", "Workspace");
	private static final List<String> UI = Arrays.asList("ij.", "org.scijava.", "net.imagej.", "java.awt.",
		"javax.swing.", "javax.imageio.");
	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

	@Test
	void coreKnowsNothingOfImageJOrAwt() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : sources())
			if (!UI_ALLOWED.contains(stage(file)))
				for (String imported : imports(file))
					for (String ui : UI)
						if (imported.startsWith(ui)) violations.add(SOURCES.relativize(file) + " imports " + imported);
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void plainImageJPathKnowsNothingOfSciJava() throws IOException {
		for (String shared : IJ1_SHARED)
			assertTrue(Files.exists(SOURCES.resolve("fiji").resolve(shared + ".java")), shared + " was renamed: update IJ1_SHARED");
		List<String> violations = new ArrayList<>();
		for (Path file : sources()) {
			Path relative = SOURCES.relativize(file);
			String name = file.getFileName().toString().replace(".java", "");
			boolean ij1 = relative.startsWith(Paths.get("fiji", "ij1")) ||
				relative.getParent() != null && relative.getParent().equals(Paths.get("fiji")) && IJ1_SHARED.contains(name);
			if (ij1) for (String imported : imports(file))
				if (imported.startsWith("org.scijava.") || imported.startsWith("net.imagej."))
					violations.add(relative + " imports " + imported);
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void djlOnlyWhereTheDenseTensorWorkIs() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : sources()) {
			String stage = stage(file);
			boolean allowed = stage.equals("model") || stage.equals("attention") || stage.equals("graph") ||
				file.endsWith(Paths.get("ncut", "DjlMatVec.java"));
			if (!allowed) for (String imported : imports(file))
				if (imported.startsWith("ai.djl.")) violations.add(SOURCES.relativize(file) + " imports " + imported);
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void stagesOnlyUseEarlierStages() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : sources()) {
			int own = RANK.get(stage(file));
			for (String imported : imports(file)) {
				if (!imported.startsWith("org.diffncut.")) continue;
				String[] parts = imported.substring("org.diffncut.".length()).split("\\.");
				String target = parts.length > 1 && Character.isLowerCase(parts[0].charAt(0)) ? parts[0] : "";
				Integer rank = RANK.get(target);
				if (rank == null || rank > own) violations.add(SOURCES.relativize(file) + " imports " + imported);
			}
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<Path> list = new ArrayList<>();
			files.filter(f -> f.toString().endsWith(".java")).forEach(list::add);
			assertTrue(list.size() > 50, "sources found at " + SOURCES.toAbsolutePath());
			return list;
		}
	}

	/** The top-level package under org.diffncut ("" for the root), e.g. "ncut" for any class under ncut. */
	private static String stage(Path file) {
		Path relative = SOURCES.relativize(file);
		String stage = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
		if (!RANK.containsKey(stage)) throw new AssertionError("package " + stage + " has no place in the stage order");
		return stage;
	}

	private static List<String> imports(Path file) throws IOException {
		List<String> imports = new ArrayList<>();
		Matcher m = IMPORT.matcher(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
		while (m.find()) imports.add(m.group(1));
		return imports;
	}
}
