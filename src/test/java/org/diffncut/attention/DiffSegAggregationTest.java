package org.diffncut.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.diffncut.Golden;
import org.diffncut.model.Arithmetic;
import org.diffncut.model.AttentionLayer;
import org.diffncut.model.AttentionLayer.Part;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Against aggregated/diffseg_all and aggregated/decoder_mid of the tiny-sd14 goldens (computed by the fixture's
 * float64 reference of google/diffseg's aggregation from the stored head_mean maps), and small hand-computed cases.
 */
class DiffSegAggregationTest {
	static final double TOLERANCE = 1e-5;

	/** The 16 self-attention layers of the tiny UNet in forward order, with their grids at 128 px (README). */
	static List<AttentionLayer> tinyLayers() {
		List<AttentionLayer> layers = new ArrayList<>();
		for (int b = 0; b < 3; b++)
			for (int a = 0; a < 2; a++) layers.add(layer("down_blocks." + b + ".attentions." + a, Part.DOWN, 16 >> b));
		layers.add(layer("mid_block.attentions.0", Part.MID, 2));
		for (int b = 1; b < 4; b++)
			for (int a = 0; a < 3; a++) layers.add(layer("up_blocks." + b + ".attentions." + a, Part.UP, 1 << (b + 1)));
		return layers;
	}

	private static AttentionLayer layer(String prefix, Part part, int side) {
		return new AttentionLayer(prefix + ".transformer_blocks.0.attn1", part, side, side);
	}

	/** Runs the aggregation over the golden head_mean maps, handed over in blocks of {@code rows} query rows. */
	static DiffSegAggregation aggregateGolden(LayerSet set, GridSelection grids, int rows) {
		List<AttentionLayer> layers = tinyLayers();
		DiffSegAggregation aggregation = new DiffSegAggregation(set, grids, layers, 128);
		try (NDManager manager = NDManager.newBaseManager()) {
			aggregation.begin(manager, layers);
			for (AttentionLayer l : layers)
				if (aggregation.wants(l)) {
					NDArray map = manager.create(Golden.floats("attn/" + l.name() + "/head_mean"),
						new Shape(l.tokens(), l.tokens()));
					for (int q0 = 0; q0 < l.tokens(); q0 += rows)
						aggregation.accept(l, q0, map.get(new NDIndex("{}:{}", q0, Math.min(l.tokens(), q0 + rows))));
				}
			aggregation.end();
		}
		return aggregation;
	}

	static DiffSegAggregation aggregateGolden(LayerSet set, GridSelection grids) {
		return aggregateGolden(set, grids, 7); // blocks that divide no grid's rows
	}

	@Test
	void allLayersMatchTheGolden() {
		DiffSegAggregation a = aggregateGolden(LayerSet.ALL, GridSelection.all());
		assertEquals(16, a.gridSide());
		assertEquals(16, a.layerWeights().size());
		double error = Golden.relativeError(Golden.floats("aggregated/diffseg_all"), a.result());
		System.out.printf("aggregated/diffseg_all from golden maps: relative error %.2e%n", error);
		assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
	}

	/**
	 * Row blocks of any size add up to the P of whole maps, to float rounding (the interpolation products of a block
	 * may round differently from the whole map's).
	 */
	@Test
	void rowBlocksGiveTheWholeMapsResult() {
		float[] whole = aggregateGolden(LayerSet.ALL, GridSelection.all(), 256).result();
		assertArrayEquals(whole, aggregateGolden(LayerSet.ALL, GridSelection.all(), 1).result(), 1e-8f);
		assertArrayEquals(whole, aggregateGolden(LayerSet.ALL, GridSelection.all(), 7).result(), 1e-8f);
	}

	@Test
	void decoderAndMidLayersMatchTheGolden() {
		DiffSegAggregation a = aggregateGolden(LayerSet.DECODER, GridSelection.all());
		assertEquals(10, a.layerWeights().size());
		double error = Golden.relativeError(Golden.floats("aggregated/decoder_mid"), a.result());
		System.out.printf("aggregated/decoder_mid from golden maps: relative error %.2e%n", error);
		assertTrue(error <= TOLERANCE, "relative Frobenius error " + error);
	}

	@Test
	void weightsAreProportionalToTheGridSideAndSplitOverItsLayers() {
		DiffSegAggregation a = aggregateGolden(LayerSet.ALL, GridSelection.all());
		assertEquals(tinyLayers(), new ArrayList<>(a.layerWeights().keySet()), "forward order");
		// manifest.json "aggregation": 16/30 over 5 layers, 8/30 over 5, 4/30 over 5, 2/30 over 1
		for (AttentionLayer l : tinyLayers()) {
			double expected = l.gridHeight() / 30.0 / (l.gridHeight() == 2 ? 1 : 5);
			assertEquals(expected, a.layerWeights().get(l), 1e-15, l.toString());
		}
	}

	@Test
	void defaultGridsDropTheBottleneck() {
		DiffSegAggregation a = aggregateGolden(LayerSet.ALL, GridSelection.defaults());
		assertEquals(15, a.layerWeights().size()); // all but the 2x2 mid block
		assertEquals(16 / 28.0 / 5, a.layerWeights().get(tinyLayers().get(0)), 1e-15);
		assertTrue(a.layerWeights().keySet().stream().noneMatch(l -> l.part() == Part.MID));
	}

	@Test
	void explicitGridsMayOmitTheFinest() {
		DiffSegAggregation a = aggregateGolden(LayerSet.ALL, GridSelection.sides(8, 4));
		assertEquals(8, a.gridSide());
		assertEquals(64 * 64, a.result().length);
		float[] p = a.result();
		for (int row = 0; row < 64; row++) {
			double sum = 0;
			for (int col = 0; col < 64; col++) sum += p[row * 64 + col];
			assertEquals(1, sum, 1e-5, "row " + row);
		}
	}

	@Test
	void absentGridSide_Fail() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> aggregateGolden(LayerSet.ALL, GridSelection.sides(64, 32, 16)));
		assertTrue(e.getMessage().contains("16,8,4,2"), e.getMessage());
	}

	/**
	 * Hand-computed: a 2×2 layer whose map is the identity and a 1×1 layer (map [[1]]). Weights 2/3 and 1/3. The 1×1
	 * key map upsamples to four equal cells, renormalised to 1/4 each, and its single query repeats over all four
	 * top cells, so P = 2/3·I + 1/3·(1/4)·J.
	 */
	@Test
	void identityPlusUniform() {
		List<AttentionLayer> layers = List.of(new AttentionLayer("fine", Part.UP, 2, 2),
			new AttentionLayer("coarse", Part.MID, 1, 1));
		DiffSegAggregation a = new DiffSegAggregation(LayerSet.ALL, GridSelection.all(), layers, 16);
		try (NDManager manager = NDManager.newBaseManager()) {
			a.begin(manager, layers);
			a.accept(layers.get(0), 0, manager.eye(4));
			a.accept(layers.get(1), 0, manager.ones(new Shape(1, 1)));
			a.end();
		}
		float[] expected = new float[16];
		for (int i = 0; i < 4; i++)
			for (int j = 0; j < 4; j++) expected[i * 4 + j] = (i == j ? 2f / 3 : 0) + 1f / 12;
		assertArrayEquals(expected, a.result(), 1e-6f);
		// upsampling the 1x1 layer's keys to 2x2: (1·1, 1) @ (1, 2) along x, then (1, 2, 1) @ (1, 2) along y,
		// 2·1·1·2 + 2·2·1·2 = 12 operations
		assertEquals(Arithmetic.of(Arithmetic.Kind.LINEAR, 12), a.arithmetic());
	}

	/**
	 * Hand-computed bilinear key upsampling 2 → 4 cells per axis (PyTorch align_corners=False): source x =
	 * (i + ½)/2 − ½ gives weights (1, 0), (¾, ¼), (¼, ¾), (0, 1). Every query of a 2×2 layer attends only to key
	 * (0,0); upsampled, that key map is the outer product u·uᵀ of u = (1, ¾, ¼, 0), which sums to 4, so after
	 * renormalisation the layer contributes u_y·u_x / 4 to P[q, (y,x)] for the four top queries q of query cell (0,0).
	 */
	@Test
	void bilinearKeyUpsamplingWithHalfPixelCentres() {
		List<AttentionLayer> layers = List.of(new AttentionLayer("top", Part.UP, 4, 4),
			new AttentionLayer("half", Part.UP, 2, 2));
		float[] map = new float[16];
		for (int q = 0; q < 4; q++) map[q * 4] = 1; // every query attends to key (0,0)
		DiffSegAggregation a = new DiffSegAggregation(LayerSet.ALL, GridSelection.sides(2), layers, 32);
		try (NDManager manager = NDManager.newBaseManager()) {
			a.begin(manager, layers);
			assertEquals(2, a.gridSide()); // only the 2x2 grid chosen: no upsampling at all
			a.accept(layers.get(1), 0, manager.create(map, new Shape(4, 4)));
			a.end();
		}
		assertArrayEquals(map, a.result(), 0f);

		DiffSegAggregation both = new DiffSegAggregation(LayerSet.ALL, GridSelection.all(), layers, 32);
		try (NDManager manager = NDManager.newBaseManager()) {
			both.begin(manager, layers);
			both.accept(layers.get(0), 0, manager.eye(16));
			both.accept(layers.get(1), 0, manager.create(map, new Shape(4, 4)));
			both.end();
		}
		double[] u = { 1, 0.75, 0.25, 0 };
		float[] p = both.result();
		// weights: 4/6 for the 4x4 identity, 2/6 for the upsampled 2x2 layer
		for (int q : new int[] { 0, 1, 4, 5 }) // top queries covered by query cell (0,0)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 4; x++) {
					double expected = (q == y * 4 + x ? 4 / 6.0 : 0) + 2 / 6.0 * u[y] * u[x] / 4;
					assertEquals(expected, p[q * 16 + y * 4 + x], 1e-6, "P[" + q + ", (" + y + "," + x + ")]");
				}
	}
}
