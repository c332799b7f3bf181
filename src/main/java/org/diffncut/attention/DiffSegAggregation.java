package org.diffncut.attention;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.diffncut.model.Arithmetic;
import org.diffncut.model.AttentionLayer;
import org.diffncut.model.AttentionSink;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * DiffSeg's aggregation of self-attention maps into one row-stochastic P over the finest chosen grid (google/diffseg
 * {@code segmentor.py}, as the tiny-sd14 fixture README specifies): per-grid weighted sums on the model's device
 * while the UNet runs, so no layer's map outlives its layer; {@link #end} repeats their query rows into P on the
 * Java heap.
 * <p>
 * For layer l on an h×w grid with head-mean map A (N×N, query × key): view A as N key images h×w, upsample them
 * bilinearly to the top H×W grid (half-pixel centres, edge clamp: {@code F.interpolate(align_corners=False)}),
 * renormalise each to sum 1, and repeat each query cell over the (H/h)×(W/w) top cells it covers (nearest).
 * Layers of one grid are averaged; grids are summed with weights ∝ their side (64:32:16 → 64/112, 32/112, 16/112).
 * Per grid, the weighted sum stays at the grid's own query resolution (N × H·W) until {@link #end}, which repeats
 * queries once per grid. Maps arrive in blocks of query rows, each added to its rows of the sum while it is in
 * cache, so no layer's whole map is ever formed.
 */
final class DiffSegAggregation implements AttentionSink {
	private final List<AttentionLayer> layers;
	private final Map<AttentionLayer, Double> weights = new LinkedHashMap<>();
	private final int top;
	private NDManager manager;
	/** Weighted sums per grid side: (h·w, H·W). */
	private final Map<Integer, NDArray> sums = new LinkedHashMap<>();
	/** The (side, H) key interpolation per coarser grid side. */
	private final Map<Integer, NDArray> upsampling = new LinkedHashMap<>();
	private long flops;
	private float[] result;

	/**
	 * Plans the aggregation over {@code layers} (every self-attention layer of the model at this working resolution,
	 * forward order): which take part and with which weight.
	 *
	 * @param resolution the working size, for messages
	 * @throws IllegalArgumentException if the selection leaves no layer or names a grid the model lacks
	 */
	DiffSegAggregation(LayerSet layerSet, GridSelection grids, List<AttentionLayer> layers, int resolution) {
		this.layers = List.copyOf(layers);
		for (AttentionLayer l : layers)
			if (l.gridHeight() != l.gridWidth()) throw new IllegalArgumentException(l + ": grids must be square");
		int[] chosen = grids.select(layers.stream().mapToInt(AttentionLayer::gridHeight).distinct().toArray(), resolution);
		Map<Integer, Integer> counts = new LinkedHashMap<>();
		for (int side : chosen) counts.put(side, 0);
		for (AttentionLayer l : layers)
			if (layerSet.includes(l)) counts.computeIfPresent(l.gridHeight(), (side, n) -> n + 1);
		counts.values().removeIf(n -> n == 0);
		if (counts.isEmpty()) throw new IllegalArgumentException("no " + layerSet.name().toLowerCase(Locale.ROOT) +
			" self-attention layer attends at the chosen grids (" + grids + ")");
		double sideSum = counts.keySet().stream().mapToDouble(Integer::doubleValue).sum();
		top = Collections.max(counts.keySet());
		for (int side : counts.keySet())
			if (top % side != 0) throw new IllegalArgumentException("grid " + side + " does not divide the top grid " + top);
		for (AttentionLayer l : layers)
			if (layerSet.includes(l) && counts.containsKey(l.gridHeight()))
				weights.put(l, l.gridHeight() / sideSum / counts.get(l.gridHeight()));
	}

	@Override
	public void begin(NDManager manager, List<AttentionLayer> layers) {
		if (!layers.equals(this.layers)) throw new IllegalStateException("the UNet reports other layers than planned");
		release();
		this.manager = manager;
		result = null;
		flops = 0;
	}

	@Override
	public boolean wants(AttentionLayer layer) {
		return weights.containsKey(layer);
	}

	@Override
	public void accept(AttentionLayer layer, int firstQuery, NDArray rows) {
		Double weight = weights.get(layer);
		if (weight == null) return;
		int side = layer.gridHeight(), n = side * side, r = (int) rows.getShape().get(0);
		try (NDScope scope = new NDScope()) {
			NDArray a = rows;
			if (side != top) {
				NDArray up = upsampling(side); // (side, top)
				a = a.reshape((long) r * side, side).matMul(up) // keys along x: (r·h, W)
					.reshape(r, side, top).transpose(0, 2, 1).matMul(up) // keys along y: (r, W, H)
					.transpose(0, 2, 1).reshape(r, top * top);
				flops += 2L * r * side * side * top + 2L * r * top * side * top;
			}
			NDArray weighted = a.div(a.sum(new int[] { 1 }, true)).muli(weight.floatValue());
			NDArray sum = sums.get(side);
			if (sum == null) {
				sum = manager.zeros(new Shape(n, top * top));
				NDScope.unregister(sum);
				sums.put(side, sum);
			}
			sum.get(new NDIndex("{}:{}", firstQuery, firstQuery + r)).addi(weighted); // a view: adds in place
		}
	}

	/**
	 * The interpolation from a {@code side} grid to the top one, made once per pass. Kept as made, never as a view:
	 * an array created from Java data shares that data, which is freed with the array, views or not.
	 */
	private NDArray upsampling(int side) {
		return upsampling.computeIfAbsent(side, s -> {
			NDArray up = interpolation(s, top);
			NDScope.unregister(up);
			return up;
		});
	}

	/** FLOPs of the interpolation products of the last pass (upsampling of coarser grids' keys). */
	Arithmetic arithmetic() {
		return Arithmetic.of(Arithmetic.Kind.LINEAR, flops);
	}

	@Override
	public void end() {
		if (sums.isEmpty()) throw new IllegalStateException("the UNet pass delivered none of the " + weights.size() +
			" chosen attention maps");
		int cells = top * top;
		float[] p = null;
		for (Map.Entry<Integer, NDArray> e : sums.entrySet()) {
			int side = e.getKey(), k = top / side;
			float[] sum = e.getValue().toFloatArray();
			if (p == null && k == 1) {
				p = sum;
				continue;
			}
			if (p == null) p = new float[cells * cells];
			for (int row = 0; row < cells; row++) { // each query row of the grid covers k×k top cells
				int from = ((row / top) / k * side + (row % top) / k) * cells, to = row * cells;
				for (int col = 0; col < cells; col++) p[to + col] += sum[from + col];
			}
		}
		result = p;
		release();
	}

	private void release() {
		for (NDArray s : sums.values()) s.close();
		sums.clear();
		for (NDArray u : upsampling.values()) u.close();
		upsampling.clear();
	}

	/**
	 * The (in, out) matrix of 1-D linear interpolation with half-pixel centres and edge clamp (x ↦ x·M), PyTorch's
	 * {@code upsample_bilinear2d(align_corners=False)} along one axis: source x = (i + ½)·in/out − ½, clamped below
	 * at 0, weights (1−λ, λ) on ⌊x⌋ and min(⌊x⌋+1, in−1).
	 */
	private NDArray interpolation(int in, int out) {
		float[] m = new float[in * out];
		double scale = in / (double) out;
		for (int i = 0; i < out; i++) {
			double x = Math.max(0, (i + 0.5) * scale - 0.5);
			int x0 = Math.min((int) x, in - 1), x1 = Math.min(x0 + 1, in - 1);
			double lambda = x - x0;
			m[x0 * out + i] += (float) (1 - lambda);
			m[x1 * out + i] += (float) lambda;
		}
		return manager.create(m, new Shape(in, out));
	}

	/** The layers taking part, with their weights in P, in forward order. */
	Map<AttentionLayer, Double> layerWeights() {
		return Collections.unmodifiableMap(weights);
	}

	/** Side of the top grid P lives on. */
	int gridSide() {
		return top;
	}

	/** P, (H·W)², row-major, after {@link #end}. */
	float[] result() {
		if (result == null) throw new IllegalStateException("no completed pass");
		return result;
	}
}
