package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** Which device a model is placed on, for a device choice, a requested GPU index and the GPUs the engine sees. */
class PlacementTest {
	private static final String ENGINE = "PyTorch test";

	@Test
	void aGivenGpuIndexIsTheDevice() {
		assertEquals(Device.gpu(1), Placement.device(DeviceChoice.AUTO, 1, 2, ENGINE));
		assertEquals(Device.gpu(1), Placement.device(DeviceChoice.GPU, 1, 2, ENGINE));
		assertEquals(Device.gpu(0), Placement.device(DeviceChoice.GPU, -1, 2, ENGINE)); // none given: the first
	}

	@Test
	void theCpuPathIsUnchanged() {
		assertEquals(Device.cpu(), Placement.device(DeviceChoice.CPU, -1, 0, ENGINE));
		assertEquals(Device.cpu(), Placement.device(DeviceChoice.CPU, 1, 2, ENGINE)); // --device cpu wins
		assertEquals(Device.cpu(), Placement.device(DeviceChoice.AUTO, -1, 0, ENGINE));
		assertEquals(Device.cpu(), Placement.device(DeviceChoice.AUTO, 0, 0, ENGINE)); // auto without CUDA
	}

	@Test
	void aGpuIndexTheEngineDoesNotSeeIsRefused_Fail() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> Placement.device(DeviceChoice.AUTO,
			2, 2, ENGINE));
		assertTrue(e.getMessage().startsWith("GPU 2 was given, but PyTorch test sees 2 (indices 0 to 1)"),
			e.getMessage());
		assertThrows(IllegalStateException.class, () -> Placement.device(DeviceChoice.GPU, -1, 0, ENGINE));
	}
}
