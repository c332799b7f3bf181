package org.diffncut.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.diffncut.model.DeviceChoice;
import org.junit.jupiter.api.Test;

/** Where the cut runs beside a model: the model's device, and its GPU index (a Spark task's GPU), unless told otherwise. */
class CutOptionsTest {
	private static final CutOptions AUTO = CutOptions.DEFAULTS;

	@Test
	void autoFollowsTheModelAndItsGpu() {
		assertPlaced(DeviceChoice.CPU, -1, AUTO.besideModel(-1));
		assertPlaced(DeviceChoice.GPU, 0, AUTO.besideModel(0));
		assertPlaced(DeviceChoice.GPU, 3, AUTO.besideModel(3)); // the task's GPU 3, not the first
	}

	@Test
	void aGpuWithoutIndexTakesTheModelsGpu() {
		CutOptions gpu = AUTO.withDevice(DeviceChoice.GPU);
		assertPlaced(DeviceChoice.GPU, 2, gpu.besideModel(2));
		// model fell back to the CPU (out of memory): the cut still goes where it was asked, the first GPU
		assertPlaced(DeviceChoice.GPU, -1, gpu.besideModel(-1));
	}

	@Test
	void anExplicitCpuOrGpuIndexStays() {
		CutOptions cpu = AUTO.withDevice(DeviceChoice.CPU);
		assertSame(cpu, cpu.besideModel(1));
		assertPlaced(DeviceChoice.GPU, 0, AUTO.withDevice(DeviceChoice.GPU).withGpu(0).besideModel(1));
	}

	@Test
	void everyOtherOptionIsKept() {
		CutOptions given = AUTO.withSteps(2).withMinSize(3).withMaxDepth(4);
		CutOptions placed = given.besideModel(1);
		assertEquals(2, placed.steps());
		assertEquals(3, placed.minSize());
		assertEquals(4, placed.maxDepth());
		assertEquals(1, placed.withSteps(5).gpu()); // and the index survives later changes
	}

	private static void assertPlaced(DeviceChoice device, int gpu, CutOptions options) {
		assertEquals(device, options.device());
		assertEquals(gpu, options.gpu());
	}
}
