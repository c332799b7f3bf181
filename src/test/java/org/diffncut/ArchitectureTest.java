package org.diffncut;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the code base (STYLE.md, "Our layout"), checked on the compiled classes of src/main: every
 * class a class file refers to (its constant pool's classes, and the types in its field, method and generic
 * signatures), so that a fully qualified {@code java.awt.Point} counts as much as an import. Only the ImageJ and Fiji
 * layers (and file input/output) see ImageJ, SciJava or AWT; the ImageJ layer sees no SciJava (plain ImageJ does
 * not have it); DJL stays where the dense tensor work is; stages only use earlier stages.
 */
class ArchitectureTest {
	// ---- The rules: edit these tables when packages move. Packages are named below org.diffncut ("" = the root).

	/** Stage order along the data flow; a package may use packages of its own or a lower rank. */
	private static final String[][] STAGES = { { "", "safetensors", "image", "io", "nifti" }, { "hub" },
		{ "model" }, { "attention" }, { "graph" }, { "ncut" }, { "segmentation" }, { "pipeline" }, { "volume" }, { "eval" },
		{ "cli", "ij" }, { "fiji" }, { "spark" } };
	/** Packages allowed to see a user interface: the ImageJ and Fiji layers, and file input/output through ImageIO. */
	private static final List<String> UI_ALLOWED = Arrays.asList("ij", "fiji", "io");
	/** What a user interface is. */
	private static final List<String> UI = Arrays.asList("ij.", "org.scijava.", "net.imagej.", "java.awt.",
		"javax.swing.", "javax.imageio.");
	/** The plain ImageJ 1.x layer (the plug-in and what it shares with the Fiji commands), which plain ImageJ runs. */
	private static final String PLAIN_IMAGEJ = "ij";
	/** What plain ImageJ lacks. */
	private static final List<String> SCIJAVA = Arrays.asList("org.scijava.", "net.imagej.");
	/** Where DJL may be used: whole packages, and single classes (the cut's device back ends, and the cut benchmark,
	 * which times those back ends directly). */
	private static final List<String> DJL_ALLOWED = Arrays.asList("model", "attention", "graph", "ncut.DjlMatVec",
		"ncut.DjlFactorProducts", "cli.BenchNcutCommand");

	// ---- The checks.

	private static final String ROOT = "org.diffncut.";
	private static final Map<String, Integer> RANK = new TreeMap<>();
	static {
		for (int r = 0; r < STAGES.length; r++)
			for (String p : STAGES[r]) RANK.put(p, r);
	}

	@Test
	void coreKnowsNothingOfImageJOrAwt() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, Set<String>> c : classes().entrySet())
			if (!UI_ALLOWED.contains(stage(c.getKey()))) violations.addAll(uses(c, UI));
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void plainImageJPathKnowsNothingOfSciJava() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, Set<String>> c : classes().entrySet())
			if (stage(c.getKey()).equals(PLAIN_IMAGEJ)) violations.addAll(uses(c, SCIJAVA));
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void djlOnlyWhereTheDenseTensorWorkIs() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, Set<String>> c : classes().entrySet()) {
			String name = c.getKey().substring(ROOT.length());
			if (DJL_ALLOWED.stream().noneMatch(a -> name.equals(a) || name.startsWith(a + ".") ||
				name.startsWith(a + "$"))) violations.addAll(uses(c,
				Arrays.asList("ai.djl.")));
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	@Test
	void stagesOnlyUseEarlierStages() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, Set<String>> c : classes().entrySet()) {
			int own = RANK.get(stage(c.getKey()));
			for (String used : c.getValue())
				if (used.startsWith(ROOT) && RANK.get(stage(used)) > own) violations.add(c.getKey() + " uses " + used);
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}

	/** The scan sees what an import scan missed: a fully qualified name in code, and a type only in a signature. */
	@Test
	void fullyQualifiedNamesAndSignaturesCount() throws IOException {
		Set<String> used = references(classFile(UsesAwtWithoutImports.class));
		assertTrue(used.contains("java.awt.Point"), used.toString());
		assertTrue(used.contains("java.awt.Color"), used.toString());
		assertTrue(used.contains("javax.swing.JLabel"), used.toString());
		assertTrue(!used.contains("java.awt.Frame"), "a string literal is no use: " + used);
		assertTrue(!used.contains("java.awt.Dimension"), "calling a method that returns one is no use: " + used);
	}

	/**
	 * A test fixture: AWT in code, in a field's type and in a generic signature only; a class name in a string; a call
	 * that returns an AWT type it never names.
	 */
	@SuppressWarnings("unused")
	static final class UsesAwtWithoutImports {
		java.awt.Color color;
		List<javax.swing.JLabel> labels;
		String name = "java.awt.Frame Ljava/awt/Frame;";

		Object point() {
			return new java.awt.Point(1, 2);
		}

		String size() {
			return String.valueOf(new javax.swing.JLabel().getPreferredSize()); // returns a java.awt.Dimension
		}
	}

	private static List<String> uses(Map.Entry<String, Set<String>> c, List<String> forbidden) {
		List<String> violations = new ArrayList<>();
		for (String used : c.getValue())
			for (String f : forbidden)
				if (used.startsWith(f)) violations.add(c.getKey() + " uses " + used);
		return violations;
	}

	/** The top-level package under org.diffncut ("" for the root) of class {@code name}, e.g. "ncut". */
	private static String stage(String name) {
		String[] parts = name.substring(ROOT.length()).split("\\.");
		String stage = parts.length > 1 ? parts[0] : "";
		if (!RANK.containsKey(stage)) throw new AssertionError("package " + stage + " of " + name +
			" has no place in STAGES");
		return stage;
	}

	/** Every class of src/main (nested classes under their top-level class's name) with the classes it uses. */
	private static Map<String, Set<String>> classes() throws IOException {
		Path root = classFile(Progress.class).getParent().getParent().getParent(); // target/classes
		Map<String, Set<String>> classes = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
				String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
					.replaceAll("\\.class$", "").replaceAll("\\$.*", "");
				classes.computeIfAbsent(name, k -> new TreeSet<>()).addAll(references(f));
			}
		}
		assertTrue(classes.size() > 50, "classes found at " + root.toAbsolutePath());
		return classes;
	}

	private static Path classFile(Class<?> c) {
		try {
			return Paths.get(c.getResource(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class").toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

	/**
	 * The classes {@code classFile} uses, dotted ({@code java.awt.Point}), read from its constant pool (JVMS §4.4):
	 * the CONSTANT_Class entries, and the object types in its UTF-8 entries, which hold its own fields' and methods'
	 * descriptors, generic signatures, local variable types and annotation types. Left out are string literals
	 * (CONSTANT_String) and the descriptors of other classes' members it calls: calling a method that returns a
	 * {@code Device} is not a use of {@code Device}.
	 */
	static Set<String> references(Path classFile) throws IOException {
		try (InputStream in = Files.newInputStream(classFile);
			DataInputStream data = new DataInputStream(new BufferedInputStream(in)))
		{
			if (data.readInt() != 0xCAFEBABE) throw new IOException(classFile + " is not a class file");
			data.readUnsignedShort(); // minor
			data.readUnsignedShort(); // major
			int count = data.readUnsignedShort();
			String[] utf8 = new String[count];
			Set<Integer> classNames = new HashSet<>(), literals = new HashSet<>(), called = new HashSet<>();
			for (int i = 1; i < count; i++) {
				int tag = data.readUnsignedByte();
				switch (tag) {
				case 1: utf8[i] = data.readUTF(); break;
				case 7: classNames.add(data.readUnsignedShort()); break;
				case 8: literals.add(data.readUnsignedShort()); break;
				case 12: data.readUnsignedShort(); called.add(data.readUnsignedShort()); break; // NameAndType
				case 16: case 19: case 20: data.readUnsignedShort(); break;
				case 15: data.readUnsignedByte(); data.readUnsignedShort(); break;
				case 3: case 4: case 9: case 10: case 11: case 17: case 18: data.readInt(); break;
				case 5: case 6: data.readLong(); i++; break; // takes two entries
				default: throw new IOException(classFile + ": constant pool tag " + tag + " at entry " + i);
				}
			}
			data.skipBytes(6); // access flags, this class, super class
			data.skipBytes(2 * data.readUnsignedShort()); // interfaces
			for (int table = 0; table < 2; table++) // fields, then methods: their descriptors are this class's own
				for (int member = data.readUnsignedShort(); member > 0; member--) {
					data.skipBytes(4); // access flags, name
					called.remove(data.readUnsignedShort());
					for (int attribute = data.readUnsignedShort(); attribute > 0; attribute--) {
						data.skipBytes(2);
						data.skipBytes(data.readInt());
					}
				}
			Set<String> used = new TreeSet<>();
			for (int i : classNames) {
				String name = utf8[i];
				if (name.startsWith("[")) addDescriptorTypes(name, used); // array classes: [Ljava/awt/Point;
				else used.add(name.replace('/', '.').replaceAll("\\$.*", ""));
			}
			for (int i = 1; i < count; i++)
				if (utf8[i] != null && !literals.contains(i) && !classNames.contains(i) && !called.contains(i))
					addDescriptorTypes(utf8[i], used);
			return used;
		}
	}

	private static void addDescriptorTypes(String descriptor, Set<String> used) {
		Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
		while (m.find()) used.add(m.group(1).replace('/', '.').replaceAll("\\$.*", ""));
	}
}
