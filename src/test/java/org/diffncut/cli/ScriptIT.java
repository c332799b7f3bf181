package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.diffncut.io.LabelPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/diffncut} as users run it: the built jar and target/lib, in its own JVM (this test's Java), with
 * its start-up archive. Runs after {@code package} (failsafe).
 */
class ScriptIT {
	@TempDir
	Path tmp;

	/**
	 * A second run maps the classes the first one recorded, picocli's included: picocli publishes Java 5 class
	 * files, which no archive holds, so target/lib carries a build of its sources for this project's Java.
	 */
	@Test
	void aSecondCutLoadsTheCommandLineFromTheArchive() throws Exception {
		assumeTrue(Files.isExecutable(Paths.get("/bin/bash")), "scripts/diffncut is a bash script");
		Path home = Paths.get(System.getProperty("java.home"));
		assumeTrue(Files.exists(home.resolve("lib/server/classes.jsa")),
			"this Java has no default class-data archive to build on (" + home + ")");
		assumeTrue(new ProcessBuilder("ls", "--time-style=+%s", "/").redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0,
			"scripts/diffncut keys its archives with GNU ls, which this system lacks");
		Path p = CliRun.goldenP(tmp), first = tmp.resolve("first.png"), second = tmp.resolve("second.png");
		Path log = tmp.resolve("classes.log");
		run(home, "-Xmx1g", "cut", "--attention", p.toString(), "--out", first.toString());
		run(home, "-Xmx1g -Xlog:class+load=info:file=" + log, "cut", "--attention", p.toString(), "--out",
			second.toString());
		assertArrayEquals(LabelPng.read(first).values, LabelPng.read(second).values);
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		for (String c : Arrays.asList("picocli.CommandLine", "org.diffncut.cli.CutCommand"))
			assertTrue(lines.stream().anyMatch(l -> l.contains(" " + c + " source: shared objects file")),
				c + " was not mapped from the archive: " + lines.stream().filter(l -> l.contains(" " + c + " "))
					.findFirst().orElse("not loaded at all"));
	}

	private static void run(Path javaHome, String javaOptions, String... args) throws IOException,
		InterruptedException
	{
		String[] command = new String[args.length + 1];
		command[0] = Paths.get("scripts", "diffncut").toAbsolutePath().toString();
		System.arraycopy(args, 0, command, 1, args.length);
		ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
		b.environment().put("JAVA_HOME", javaHome.toString());
		b.environment().put("JAVA_OPTS", javaOptions);
		b.environment().remove("DIFFNCUT_CDS");
		Process process = b.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(5, TimeUnit.MINUTES), "scripts/diffncut did not finish");
		assertEquals(0, process.exitValue(), output);
		assertEquals("1 segments", output.lines().filter(l -> l.endsWith("segments")).findFirst().orElse(output));
	}
}
