package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * An import scan of the sources: the core knows nothing of ImageJ, SciJava or AWT; the plain ImageJ 1.x
 * plug-in and the Fiji classes it uses know nothing of SciJava (plain ImageJ does not have it).
 */
class LayeringTest {
	private static final Path SOURCES = Paths.get("src", "main", "java", "org", "diffncut");
	private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

	@Test
	void coreImportsNoUserInterface() throws IOException {
		List<String> bad = new ArrayList<>();
		for (String pkg : new String[] { "model", "attention", "graph", "ncut", "segmentation", "pipeline", "image" })
			bad.addAll(imports(SOURCES.resolve(pkg), "ij.", "org.scijava.", "net.imagej.", "java.awt.", "javax.swing."));
		assertEquals(List.of(), bad);
	}

	@Test
	void imageJ1PluginAndWhatItUsesImportNoSciJava() throws IOException {
		List<String> bad = new ArrayList<>(imports(SOURCES.resolve("fiji").resolve("ij1"), "org.scijava."));
		for (String cls : new String[] { "BatchRun", "ImagePlusImages", "ImageSegmentation", "LabelImages", "Opt",
			"RecutState", "SegmentRois", "Settings", "Workspace" })
			bad.addAll(imports(SOURCES.resolve("fiji").resolve(cls + ".java"), "org.scijava."));
		assertEquals(List.of(), bad);
	}

	private static List<String> imports(Path path, String... forbidden) throws IOException {
		List<String> bad = new ArrayList<>();
		List<Path> files;
		try (Stream<Path> s = Files.walk(path)) {
			files = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
		}
		for (Path f : files) {
			Matcher m = IMPORT.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
			while (m.find())
				for (String prefix : forbidden)
					if (m.group(1).startsWith(prefix)) bad.add(f.getFileName() + " imports " + m.group(1));
		}
		return bad;
	}
}
