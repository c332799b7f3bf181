package org.diffncut.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.diffncut.image.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The placement metadata of attention files and split trees, and the attention file that carries it. */
class GridPlacementTest {
	/** A uniform walk on a 2×3 grid. */
	private static TransitionMatrix uniform() {
		float[] p = new float[36];
		Arrays.fill(p, 1f / 6);
		return TransitionMatrix.of(p, 2, 3);
	}

	@Test
	void metadataIsWrittenInItsDocumentedFormAndReadBack() {
		TransitionMatrix p = uniform();
		Map<String, String> m = GridPlacement.of(640, 480, Window.centerCrop(640, 480)).metadata(p);
		assertEquals("{grid=2x3, image_size=640x480, window=80.0,0.0,480.0,480.0}", m.toString());
		GridPlacement back = GridPlacement.recorded(m, p, "test");
		assertEquals(640, back.width());
		assertEquals(480, back.height());
		assertEquals(80, back.window().x0());
		assertEquals(480, back.window().width());
		assertArrayEquals(new int[] { 2, 3 }, GridPlacement.recordedGrid(m, "test"));
	}

	@Test
	void withoutAnImageSizeTheGridIsEightPixelsACell() {
		GridPlacement g = GridPlacement.recorded(Collections.emptyMap(), uniform(), "test");
		assertEquals(24, g.width());
		assertEquals(16, g.height());
		assertEquals(24, g.window().width());
		assertNull(GridPlacement.recordedGrid(Collections.emptyMap(), "test"));
	}

	@Test
	void badMetadataNamesItsSource_Fail() {
		Map<String, String> m = new LinkedHashMap<>();
		m.put(GridPlacement.IMAGE_SIZE, "32x0");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridPlacement.recorded(m,
			uniform(), "t.json"));
		assertEquals("bad image_size in t.json '32x0': write two positive numbers like 64x64", e.getMessage());
		m.put(GridPlacement.IMAGE_SIZE, "32x32");
		m.put(GridPlacement.WINDOW, "0,0,NaN,32");
		e = assertThrows(IllegalArgumentException.class, () -> GridPlacement.recorded(m, uniform(), "t.json"));
		assertTrue(e.getMessage().startsWith("bad window '0,0,NaN,32' in t.json"), e.getMessage());
		m.put(GridPlacement.IMAGE_SIZE, "20000x20000");
		e = assertThrows(IllegalArgumentException.class, () -> GridPlacement.recorded(m, uniform(), "t.json"));
		assertTrue(e.getMessage().startsWith("the image size recorded in t.json 20000x20000 is 400000000 pixels"),
			e.getMessage());
	}

	@Test
	void anAttentionFileKeepsPItsPlacementAndExtras(@TempDir Path tmp) throws IOException {
		TransitionMatrix p = uniform();
		Path file = tmp.resolve("p.safetensors");
		AttentionFile.writer(p, GridPlacement.of(30, 20, Window.full(30, 20)), Collections.singletonMap("source", "a.png"))
			.write(file);
		AttentionFile read = AttentionFile.read(file, null, null);
		assertArrayEquals(p.data(), read.transitions().data());
		assertEquals(2, read.transitions().gridHeight());
		assertEquals("{grid=2x3, image_size=30x20, window=0.0,0.0,30.0,20.0, source=a.png}",
			read.metadata().toString());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionFile.read(file,
			new int[] { 3, 2 }, "--grid 3x2"));
		assertEquals("--grid 3x2 contradicts the grid 2x3 recorded in " + file + ": leave it out", e.getMessage());
	}
}
