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
 * the core never sees ImageJ, SciJava or AWT; DJL stays where the dense tensor work is; stages only use
 * earlier stages.
 */
class ArchitectureTest {
	private static final Path SOURCES = Paths.get("src/main/java/org/diffncut");

	/** Stage order along the data flow; a package may import packages of its own or a lower rank. */
	private static final Map<String, Integer> RANK = new TreeMap<>();
	static {
		String[][] stages = { { "", "safetensors", "image", "io" }, { "model" }, { "attention" }, { "graph" },
			{ "ncut" }, { "segmentation" }, { "pipeline" }, { "eval" }, { "cli", "fiji" } };
		for (int r = 0; r < stages.length; r++)
			for (String p : stages[r]) RANK.put(p, r);
	}

	private static final List<String> CORE = Arrays.asList("model", "attention", "graph", "ncut", "segmentation",
		"pipeline", "eval");
	private static final List<String> UI = Arrays.asList("ij.", "org.scijava.", "net.imagej.", "java.awt.",
		"javax.swing.", "javax.imageio.");
	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

	@Test
	void coreKnowsNothingOfImageJOrAwt() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path file : sources())
			if (CORE.contains(stage(file)))
				for (String imported : imports(file))
					for (String ui : UI)
						if (imported.startsWith(ui)) violations.add(SOURCES.relativize(file) + " imports " + imported);
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

	/** The top-level package under org.diffncut ("" for the root), e.g. "model" for model.hub. */
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
