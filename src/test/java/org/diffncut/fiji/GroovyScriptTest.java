package org.diffncut.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.diffncut.Fixtures;
import org.diffncut.ij.BatchRun;
import org.diffncut.ij.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import ij.io.FileSaver;

/**
 * scripts/batch_folder.groovy run by Groovy 4 with its {@code #@} script parameters bound as Fiji's script
 * service binds them; references: the files the batch wrote.
 */
class GroovyScriptTest {
	@BeforeAll
	static void start() {
		SegmentCommandTest.start();
	}

	@AfterAll
	static void stop() {
		SegmentCommandTest.stop();
	}

	@Test
	void batchScriptSegmentsAFolder(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		new FileSaver(TestImages.rgb()).saveAsTiff(in.resolve("picture.tif").toString());
		Binding b = new Binding();
		b.setVariable("input", in.toFile());
		b.setVariable("output", out.toFile());
		b.setVariable("model", Fixtures.tinySd14().resolve("model").toString());
		b.setVariable("resolution", 128);
		b.setVariable("resolutions", "16,8,4");
		b.setVariable("command", SegmentCommandTest.context.service(CommandService.class));
		b.setVariable("log", SegmentCommandTest.context.service(LogService.class));
		String script = Files.readAllLines(Paths.get("scripts", "batch_folder.groovy"), StandardCharsets.UTF_8).stream()
			.filter(line -> !line.startsWith("#@")).collect(Collectors.joining("\n"));
		new GroovyShell(b).evaluate(script);
		assertTrue(Files.exists(out.resolve("picture-labels.tif")));
		List<String> csv = Files.readAllLines(out.resolve(BatchRun.CSV));
		assertEquals(2, csv.size());
		assertTrue(csv.get(1).startsWith("picture,picture-labels.tif,1,"), csv.get(1));
	}
}
