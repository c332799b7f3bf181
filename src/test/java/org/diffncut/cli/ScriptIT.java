package org.diffncut.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
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

	/**
	 * Where the kernel offers transparent huge pages, both launchers ask glibc for them too (PyTorch's tensors come
	 * from its malloc), after any tunables the user set; a user's own choice of that tunable stays. A stand-in java
	 * prints what it was given.
	 */
	@Test
	void theLaunchersAskGlibcForHugePagesAfterTheUsersOwnTunables() throws Exception {
		Path thp = Paths.get("/sys/kernel/mm/transparent_hugepage/enabled");
		assumeTrue(Files.isReadable(thp) && Files.readString(thp).matches("(?s).*\\[(always|madvise)\\].*"),
			"the kernel offers no transparent huge pages");
		assumeTrue(Files.isDirectory(Paths.get("target", "spark")), "no target/spark: not packaged");
		Path bin = Files.createDirectories(tmp.resolve("java/bin")), java = bin.resolve("java");
		Files.writeString(java, "#!/bin/sh\necho \"tunables=$GLIBC_TUNABLES\"\n");
		assertTrue(java.toFile().setExecutable(true));
		for (String script : Arrays.asList("diffncut", "diffncut-spark")) {
			assertEquals("tunables=glibc.malloc.hugetlb=1", launch(script, bin, null));
			assertEquals("tunables=glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", launch(script, bin,
				"glibc.malloc.arena_max=2"));
			assertEquals("tunables=glibc.malloc.hugetlb=0", launch(script, bin, "glibc.malloc.hugetlb=0"));
		}
	}

	/** What {@code scripts/<script>} prints with the stand-in java of {@code bin} and the given GLIBC_TUNABLES. */
	private static String launch(String script, Path bin, String tunables) throws IOException, InterruptedException {
		ProcessBuilder b = new ProcessBuilder(Paths.get("scripts", script).toAbsolutePath().toString(), "--version")
			.redirectErrorStream(true);
		b.environment().put("JAVA_HOME", bin.getParent().toString());
		b.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
		b.environment().put("DIFFNCUT_CDS", "off");
		if (tunables == null) b.environment().remove("GLIBC_TUNABLES");
		else b.environment().put("GLIBC_TUNABLES", tunables);
		Process process = b.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(process.waitFor(1, TimeUnit.MINUTES), script + " did not finish");
		assertEquals(0, process.exitValue(), output);
		return output.trim();
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
