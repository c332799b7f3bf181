package org.diffncut.ncut;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.diffncut.io.AtomicFile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * Saves and loads a {@link SplitTree} as JSON: the growing rule and limits, the metadata map, and nested nodes
 * with their members, depth and best-split statistics. Numbers are written with full double precision, so a
 * loaded tree re-cuts exactly like the saved one.
 */
public final class SplitTreeJson {
	static final String FORMAT = "diffncut-split-tree";
	static final int VERSION = 1;

	private SplitTreeJson() {}

	/** Writes atomically (see {@link AtomicFile}). */
	public static void write(SplitTree tree, Path file) throws IOException {
		AtomicFile.write(file, stream -> write(tree, stream));
	}

	/** Writes {@code tree} as JSON to {@code stream} (flushed, not closed). */
	public static void write(SplitTree tree, OutputStream stream) throws IOException {
		JsonWriter json = new JsonWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
		json.beginObject();
		json.name("format").value(FORMAT);
		json.name("version").value(VERSION);
		json.name("cells").value(tree.cells());
		json.name("grown_with").value(tree.grownWith().spec());
		json.name("min_size").value(tree.minSize());
		json.name("max_depth").value(tree.maxDepth());
		json.name("metadata").beginObject();
		for (Map.Entry<String, String> e : tree.metadata().entrySet()) json.name(e.getKey()).value(e.getValue());
		json.endObject();
		json.name("root");
		writeNode(json, tree.root());
		json.endObject();
		json.flush();
	}

	private static void writeNode(JsonWriter json, SplitNode node) throws IOException {
		json.beginObject();
		json.name("depth").value(node.depth());
		json.name("members").beginArray();
		for (int m : node.members()) json.value(m);
		json.endArray();
		CutStatistics s = node.statistics();
		if (s != null) {
			json.name("split").beginObject();
			json.name("ncut").value(s.ncut());
			json.name("cut").value(s.cut());
			json.name("nodes").value(s.nodes());
			json.name("edges").value(s.edges());
			json.name("total_weight").value(s.totalWeight());
			json.name("threshold").value(node.threshold());
			json.name("eigenvalue").value(node.eigenvalue());
			json.name("iterations").value(node.iterations());
			json.name("converged").value(node.converged());
			json.endObject();
		}
		if (node.expanded()) {
			json.name("children").beginArray();
			writeNode(json, node.first());
			writeNode(json, node.second());
			json.endArray();
		}
		json.endObject();
	}

	/**
	 * Reads a tree written by {@link #write}. Only format {@value #FORMAT} version {@value #VERSION} is read (an older or
	 * newer file fails with its version named). It validates the structure, not the numbers: every node has members,
	 * a depth and either no split or a complete one; the children of each node partition its members; the root holds
	 * the header's number of cells; the grown-with rule parses. Cut statistics are taken as written.
	 *
	 * @throws IOException naming {@code file}: missing, not JSON, not a split tree, another version, or corrupt
	 */
	public static SplitTree read(Path file) throws IOException {
		JsonObject root;
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			root = JsonParser.parseReader(in).getAsJsonObject();
		}
		catch (NoSuchFileException e) {
			throw new NoSuchFileException(file + ": split tree not found");
		}
		catch (JsonParseException | IllegalStateException e) {
			throw new IOException(file + ": not a split tree (invalid JSON)");
		}
		try {
			if (!FORMAT.equals(root.get("format").getAsString())) throw new IOException(file + ": not a split tree");
			if (root.get("version").getAsInt() != VERSION) throw new IOException(file + ": split tree version " +
				root.get("version") + " is not supported; this tool reads version " + VERSION);
			Map<String, String> metadata = new LinkedHashMap<>();
			for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("metadata").entrySet())
				metadata.put(e.getKey(), e.getValue().getAsString());
			SplitNode top = readNode(root.getAsJsonObject("root"));
			if (top.size() != root.get("cells").getAsInt()) throw new IOException(file + ": root holds " + top.size() +
				" cells, header says " + root.get("cells"));
			return new SplitTree(top, StoppingRule.parse(root.get("grown_with").getAsString()),
				root.get("min_size").getAsInt(), root.get("max_depth").getAsInt(), metadata);
		}
		catch (NullPointerException | ClassCastException | IllegalStateException | IllegalArgumentException e) {
			throw new IOException(file + ": corrupt split tree (" + e.getMessage() + ")");
		}
	}

	private static SplitNode readNode(JsonObject o) {
		JsonArray m = o.getAsJsonArray("members");
		int[] members = new int[m.size()];
		for (int i = 0; i < members.length; i++) members[i] = m.get(i).getAsInt();
		int depth = o.get("depth").getAsInt();
		JsonObject s = o.getAsJsonObject("split");
		SplitNode node = s == null ? SplitNode.unsplittable(members, depth) : new SplitNode(members, depth,
			new CutStatistics(s.get("nodes").getAsInt(), s.get("edges").getAsLong(), s.get("total_weight").getAsDouble(),
				s.get("ncut").getAsDouble(), s.get("cut").getAsDouble()),
			s.get("threshold").getAsDouble(), s.get("eigenvalue").getAsDouble(), s.get("iterations").getAsInt(),
			s.get("converged").getAsBoolean());
		JsonArray children = o.getAsJsonArray("children");
		if (children != null) {
			SplitNode first = readNode(children.get(0).getAsJsonObject());
			SplitNode second = readNode(children.get(1).getAsJsonObject());
			if (first.size() + second.size() != members.length) throw new IllegalArgumentException("children of a node at depth " +
				depth + " do not partition it");
			node.setChildren(first, second);
		}
		return node;
	}
}
