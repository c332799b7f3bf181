package org.diffncut.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The GPU a task takes from its {@code gpu} resource. The addresses are what Spark's own example discovery script
 * (examples/src/main/scripts/getGpusResources.sh) prints: {@code {"name": "gpu", "addresses": ["0", "1"]}}, and
 * Spark hands a task with {@code spark.task.resource.gpu.amount=1} one of them.
 */
class WorkerTest {
	@Test
	void aTaskTakesItsFirstGpuAddress() {
		assertEquals(1, Worker.gpu(new String[] { "1" }));
		assertEquals(3, Worker.gpu(new String[] { " 3 ", "0" }));
	}

	@Test
	void aTaskWithoutAGpuHasNone() {
		assertEquals(-1, Worker.gpu(null)); // no gpu resource configured: the CPU path, keyed "@-1" as before
		assertEquals(-1, Worker.gpu(new String[0]));
	}

	@Test
	void anAddressThatIsNotACudaIndexIsRefusedWithTheFix_Fail() {
		for (String bad : new String[] { "GPU-8f3c2a", "-1" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Worker.gpu(
				new String[] { bad }));
			assertTrue(e.getMessage().contains("'" + bad + "', not a CUDA index") && e.getMessage().contains(
				"discovery script"), e.getMessage());
		}
	}
}
