package org.diffncut.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.diffncut.Cancel;
import org.diffncut.Golden;
import org.diffncut.Progress;
import org.diffncut.attention.TransitionMatrix;
import org.diffncut.graph.AffinityGraph;
import org.diffncut.image.Window;
import org.diffncut.model.DeviceChoice;
import org.diffncut.ncut.DjlFactorProducts;
import org.diffncut.ncut.FactorProducts;
import org.diffncut.ncut.SplitNode;
import org.diffncut.ncut.StoppingRule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;

/**
 * {@code --device gpu}: the factored cut runs through the same code as on the CPU, its products ({@link
 * DjlFactorProducts}) on the GPU; the tree equals the plain-Java one of the CPU. Skipped where PyTorch sees no GPU;
 * {@code FactoredCutTest} runs the same products on the CPU device.
 */
@Tag("gpu")
class AttentionCutGpuTest {
	/** As FactoredCutTest allows both back ends against the dense cut. */
	private static final double RELATIVE = 1e-6;

	@Test
	void theGpuCutsWithItsProductsOnTheDeviceAndMatchesTheCpu() {
		assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
		TransitionMatrix p = TransitionMatrix.square(Golden.floats("aggregated/diffseg_all"));
		CutOptions options = CutOptions.DEFAULTS.withStop(StoppingRule.ncut(0.995));
		AffinityGraph graph = AffinityGraph.build(p, options.graph(), 1, DeviceChoice.GPU.cutDevice(-1));
		try (FactorProducts products = DjlFactorProducts.preferred(graph).create(graph.factor().data(), p.size(),
			p.size()))
		{
			assertTrue(products instanceof DjlFactorProducts, "products on the GPU: " + products);
		}
		Segmentation gpu = segment(p, options.withDevice(DeviceChoice.GPU));
		Segmentation cpu = segment(p, options.withDevice(DeviceChoice.CPU));
		assertTrue(cpu.partition().count() > 1, "a tree with splits to compare");
		assertArrayEquals(cpu.partition().labels(), gpu.partition().labels());
		assertSameNcut(cpu.tree().root(), gpu.tree().root());
	}

	private static Segmentation segment(TransitionMatrix p, CutOptions options) {
		return AttentionCut.segment(p, Window.full(64, 64), 64, 64, options, Progress.NONE, Cancel.NEVER);
	}

	private static void assertSameNcut(SplitNode expected, SplitNode actual) {
		assertArrayEquals(expected.members(), actual.members());
		if (!expected.expanded()) return;
		double e = expected.statistics().ncut(), a = actual.statistics().ncut();
		assertEquals(e, a, RELATIVE * Math.abs(e) + RELATIVE, "NCut of a node of " + expected.size() + " cells");
		assertSameNcut(expected.first(), actual.first());
		assertSameNcut(expected.second(), actual.second());
	}
}
