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

import org.diffncut.graph.GraphKind;
import org.diffncut.graph.PowerWalk;
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
	 * newer file fails with its version named). The whole tree is validated: every node has members, its depth and
	 * either no split or a complete one with finite, non-negative scores; the root holds each of the header's cells
	 * exactly once; the two children of a node partition its members exactly; nodes are no deeper than the
	 * header's limit; the grown-with rule parses, and the metadata's graph and walk steps (if any) are known.
	 *
	 * @throws IOException naming {@code file} and the first bad node: missing, not JSON, not a split tree, another
	 *         version, or corrupt
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
			checkMetadata(metadata);
			int cells = root.get("cells").getAsInt(), maxDepth = root.get("max_depth").getAsInt();
			Reading r = new Reading(cells, Math.min(maxDepth, MAX_NESTING));
			SplitNode top = r.node(root.getAsJsonObject("root"), "root", 0);
			for (int c = 0; c < cells; c++) if (!r.seen[c]) throw new IllegalArgumentException("the root lacks cell " + c +
				" of 0.." + (cells - 1));
			return new SplitTree(top, StoppingRule.parse(root.get("grown_with").getAsString()),
				root.get("min_size").getAsInt(), maxDepth, metadata);
		}
		catch (NullPointerException | ClassCastException | IllegalStateException | UnsupportedOperationException e) {
			throw new IOException(file + ": corrupt split tree (a field is missing or of the wrong type): write it " +
				"again with 'diffncut cut --tree' or 'segment --tree'");
		}
		catch (IllegalArgumentException e) {
			throw new IOException(file + ": corrupt split tree: " + e.getMessage());
		}
	}

	/** Deepest node read; beyond any real tree (the default depth limit is 32), and safe for the recursion. */
	static final int MAX_NESTING = 4096;

	private static void checkMetadata(Map<String, String> metadata) {
		if (metadata.containsKey(SplitTree.GRAPH)) GraphKind.parse(metadata.get(SplitTree.GRAPH));
		String steps = metadata.get(SplitTree.STEPS);
		if (steps != null) {
			int k;
			try {
				k = Integer.parseInt(steps.trim());
			}
			catch (NumberFormatException e) {
				k = -1;
			}
			if (k < 1 || k > PowerWalk.MAX_STEPS) throw new IllegalArgumentException("steps " + steps + " is not a " +
				"walk length of 1.." + PowerWalk.MAX_STEPS);
		}
	}

	/** One read of a tree: the cells seen so far, so that each appears once. */
	private static final class Reading {
		final int cells, maxDepth;
		final boolean[] seen;

		Reading(int cells, int maxDepth) {
			if (cells < 1) throw new IllegalArgumentException("the header says " + cells + " cells");
			this.cells = cells;
			this.maxDepth = maxDepth;
			this.seen = new boolean[cells];
		}

		/** The node {@code o} at {@code path} ("root", "root/0/1"): the root's cells are checked once, a child's against its parent. */
		SplitNode node(JsonObject o, String path, int depth) {
			String name = depth == 0 ? "the root" : "node " + path;
			if (depth > maxDepth) throw new IllegalArgumentException(name + " is deeper than " + maxDepth + " levels");
			if (o.get("depth").getAsInt() != depth) throw new IllegalArgumentException(name + " says depth " +
				o.get("depth") + ", but it is at depth " + depth);
			JsonArray m = o.getAsJsonArray("members");
			int[] members = new int[m.size()];
			for (int i = 0; i < members.length; i++) {
				int c = m.get(i).getAsInt();
				if (c < 0 || c >= cells) throw new IllegalArgumentException("cell " + c + " of " + name + " is outside 0.." +
					(cells - 1));
				members[i] = c;
				if (depth == 0) {
					if (seen[c]) throw new IllegalArgumentException("cell " + c + " appears twice in the root");
					seen[c] = true;
				}
			}
			JsonObject s = o.getAsJsonObject("split");
			SplitNode node = s == null ? SplitNode.unsplittable(members, depth) : new SplitNode(members, depth,
				new CutStatistics(s.get("nodes").getAsInt(), s.get("edges").getAsLong(), score(s, "total_weight", name),
					score(s, "ncut", name), score(s, "cut", name)),
				finite(s, "threshold", name), finite(s, "eigenvalue", name), s.get("iterations").getAsInt(),
				s.get("converged").getAsBoolean());
			JsonArray children = o.getAsJsonArray("children");
			if (children == null) return node;
			if (children.size() != 2) throw new IllegalArgumentException(name + " has " + children.size() +
				" children; a split has 2");
			SplitNode first = node(children.get(0).getAsJsonObject(), path + "/0", depth + 1);
			SplitNode second = node(children.get(1).getAsJsonObject(), path + "/1", depth + 1);
			partition(members, first, second, path);
			node.setChildren(first, second);
			return node;
		}

		/** Checks that {@code first} and {@code second} hold each of {@code members} once, and nothing else. */
		private void partition(int[] members, SplitNode first, SplitNode second, String path) {
			int[] owner = new int[cells]; // 0: not in the parent, 1: in it, 2/3: taken by child 0/1
			for (int c : members) owner[c] = 1;
			SplitNode[] parts = { first, second };
			for (int p = 0; p < 2; p++)
				for (int c : parts[p].members()) {
					String child = "node " + path + "/" + p;
					if (owner[c] == 0) throw new IllegalArgumentException(child + " holds cell " + c + ", which its " +
						"parent does not");
					if (owner[c] != 1) throw new IllegalArgumentException(child + " holds cell " + c + ", which node " +
						path + "/" + (owner[c] - 2) + " holds too");
					owner[c] = 2 + p;
				}
			for (int c : members) if (owner[c] == 1) throw new IllegalArgumentException("the children of " + (path.equals(
				"root") ? "the root" : "node " + path) + " lack its cell " + c);
		}
	}

	private static double finite(JsonObject split, String field, String node) {
		double v = split.get(field).getAsDouble();
		if (!Double.isFinite(v)) throw new IllegalArgumentException(node + ": " + field + " " + v + " is not a number");
		return v;
	}

	private static double score(JsonObject split, String field, String node) {
		double v = finite(split, field, node);
		if (v < 0) throw new IllegalArgumentException(node + ": " + field + " " + v + " is negative");
		return v;
	}
}
