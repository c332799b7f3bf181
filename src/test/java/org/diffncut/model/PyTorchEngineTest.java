package org.diffncut.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.diffncut.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An offline machine without the PyTorch native jar, as a Fiji install without the update site's natives: the CLI in
 * its own JVM, whose class path lacks {@code pytorch-native-cpu} and whose DJL cache is empty, must fail with the
 * one message that says what to do, and write nothing.
 */
class PyTorchEngineTest {
	@Test
	void offlineWithoutTheNativeJarSaysWhichJarToInstall(@TempDir Path dir) throws Exception {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter(p -> !Paths.get(p).getFileName().toString().startsWith("pytorch-native"))
			.collect(Collectors.joining(File.pathSeparator));
		Path out = dir.resolve("labels.png");
		List<String> cmd = Arrays.asList(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
			"-Dai.djl.offline=true", "-cp", classPath, "org.diffncut.cli.DiffNCut", "segment", "--model", Fixtures
				.tinySd14().resolve("model").toString(), "--image", Paths.get("resources", "sample.png").toAbsolutePath()
					.toString(), "--out", out.toString(), "--resolution", "128", "--resolutions", "all", "--device", "cpu");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
		pb.environment().put("ENGINE_CACHE_DIR", Files.createDirectories(dir.resolve("empty-djl-cache")).toString());
		pb.environment().put("DJL_CACHE_DIR", dir.resolve("empty-djl-cache").toString());
		Process p = pb.start();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the CLI did not finish");
		String log = new String(Files.readAllBytes(dir.resolve("log")), StandardCharsets.UTF_8);
		assertEquals(1, p.exitValue(), log);
		assertTrue(log.contains("diffncut: PyTorch's native library is missing and could not be downloaded (offline?): " +
			"put pytorch-native-cpu-2.7.1-" + PyTorchEngine.platform() + ".jar"), log);
		assertFalse(log.contains("\tat "), "no stack trace: " + log);
		assertFalse(Files.exists(out));
	}
}
