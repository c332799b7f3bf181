package org.diffncut.ncut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 13: a corrupt tree file is refused with the first bad node named. Reference: a hand-written tree
 * of 4 cells, root {0,1,2,3} split into {0,1} and {2,3}, each edited in one place.
 */
class SplitTreeJsonTest {
	@TempDir
	Path tmp;

	private static final String SPLIT = "\"split\":{\"ncut\":0.25,\"cut\":0.5,\"nodes\":4,\"edges\":6,\"total_weight\":4.0," +
		"\"threshold\":0.1,\"eigenvalue\":0.2,\"iterations\":3,\"converged\":true}";

	private static String tree(String metadata, String rootMembers, String split, String children) {
		return "{\"format\":\"diffncut-split-tree\",\"version\":1,\"cells\":4,\"grown_with\":\"ncut:0.5\",\"min_size\":1," +
			"\"max_depth\":32,\"metadata\":{" + metadata + "},\"root\":{\"depth\":0,\"members\":[" + rootMembers + "]," +
			split + ",\"children\":[" + children + "]}}";
	}

	private static final String CHILDREN = "{\"depth\":1,\"members\":[0,1]},{\"depth\":1,\"members\":[2,3]}";

	private Path file(String json) throws IOException {
		return Files.writeString(tmp.resolve("tree.json"), json);
	}

	@Test
	void theReferenceTreeReads() throws IOException {
		SplitTree t = SplitTreeJson.read(file(tree("\"graph\":\"dot\",\"steps\":\"1\"", "0,1,2,3", SPLIT, CHILDREN)));
		assertEquals(2, t.partition().count());
	}

	@Test
	void aCellListedTwiceIsRefused() throws IOException {
		assertRefused(tree("", "0,1,1,3", SPLIT, "{\"depth\":1,\"members\":[0,1]},{\"depth\":1,\"members\":[1,3]}"),
			"cell 1 appears twice in the root");
	}

	@Test
	void childrenThatDoNotPartitionTheParentAreRefused() throws IOException {
		assertRefused(tree("", "0,1,2,3", SPLIT, "{\"depth\":1,\"members\":[0,1]},{\"depth\":1,\"members\":[1,3]}"),
			"node root/1 holds cell 1, which node root/0 holds too");
		assertRefused(tree("", "0,1,2,3", SPLIT, CHILDREN + ",{\"depth\":1,\"members\":[]}"),
			"the root has 3 children; a split has 2");
	}

	@Test
	void cellsOutOfRangeAreRefused() throws IOException {
		assertRefused(tree("", "0,1,2,7", SPLIT, "{\"depth\":1,\"members\":[0,1]},{\"depth\":1,\"members\":[2,7]}"),
			"cell 7 of the root is outside 0..3");
		assertRefused(tree("", "-1,1,2,3", SPLIT, "{\"depth\":1,\"members\":[-1,1]},{\"depth\":1,\"members\":[2,3]}"),
			"cell -1 of the root is outside 0..3");
	}

	@Test
	void scoresMustBeFiniteAndNonNegative() throws IOException {
		assertRefused(tree("", "0,1,2,3", SPLIT.replace("0.25", "NaN"), CHILDREN), "the root: ncut NaN");
		assertRefused(tree("", "0,1,2,3", SPLIT.replace("0.25", "-0.5"), CHILDREN), "the root: ncut -0.5");
		assertRefused(tree("", "0,1,2,3", SPLIT.replace("\"total_weight\":4.0", "\"total_weight\":Infinity"), CHILDREN),
			"the root: total_weight Infinity");
	}

	@Test
	void anUnknownGraphOrTooManyStepsAreRefused() throws IOException {
		assertRefused(tree("\"graph\":\"banana\"", "0,1,2,3", SPLIT, CHILDREN), "graph 'banana'");
		assertRefused(tree("\"steps\":\"1000000\"", "0,1,2,3", SPLIT, CHILDREN), "steps 1000000");
	}

	/** Item 11: nesting 100,000 levels deep is one line, not a StackOverflowError. */
	@Test
	void aDeeplyNestedFileIsRefused() throws IOException {
		StringBuilder nested = new StringBuilder();
		int levels = 100_000;
		for (int i = 0; i < levels; i++) nested.append("{\"depth\":" + (i + 1) + ",\"members\":[0,1,2,3],\"children\":[");
		nested.append("]}");
		for (int i = 1; i < levels; i++) nested.append(",{\"depth\":0,\"members\":[]}]}"); // each level's second child
		assertRefused(tree("", "0,1,2,3", SPLIT, nested + ",{\"depth\":1,\"members\":[]}"), "deeper than");
	}

	private void assertRefused(String json, String message) throws IOException {
		Path f = file(json);
		IOException e = assertThrows(IOException.class, () -> SplitTreeJson.read(f));
		assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(message), e.getMessage());
	}
}
