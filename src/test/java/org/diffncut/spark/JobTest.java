package org.diffncut.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import org.diffncut.cli.DiffNCut;
import org.junit.jupiter.api.Test;

import picocli.CommandLine.Model.CommandSpec;

/** The command line the driver hands its workers, whose working folder is not the driver's. */
class JobTest {
	private static final String OUT = "hdfs://head:8020/runs/coco";

	@Test
	void localPathsBecomeAbsoluteAndTheOutputTheDriversQualifiedOne() {
		String cwd = Paths.get("").toAbsolutePath().toString();
		Path model = Paths.get("src");
		assertEquals(true, Files.isDirectory(model), "a folder relative to the working folder");
		List<String> args = Arrays.asList("benchmark", "--dataset", "coco27", "--root", "data/coco",
			"--coco-list=lists/ids.txt", "--out", "runs/coco", "--model", "src", "--resolution", "128");
		assertEquals(Arrays.asList("benchmark", "--dataset", "coco27", "--root", cwd + "/data/coco",
			"--coco-list=" + cwd + "/lists/ids.txt", "--out", OUT, "--model", cwd + "/src", "--resolution", "128"),
			Job.forWorkers(spec(args), args, OUT));
	}

	@Test
	void repositoryIdsAbsolutePathsAndOtherOptionsStayAsGiven() {
		List<String> args = Arrays.asList("brats", "--root", "/shared/brats", "--out=runs/b", "--model",
			"CompVis/stable-diffusion-v1-4", "--overwrite", "--axis", "2");
		assertEquals(Arrays.asList("brats", "--root", "/shared/brats", "--out=" + OUT, "--model",
			"CompVis/stable-diffusion-v1-4", "--overwrite", "--axis", "2"), Job.forWorkers(spec(args), args, OUT));
	}

	private static CommandSpec spec(List<String> args) {
		return DiffNCut.commandLine(new SparkMain(null)).parseArgs(args.toArray(new String[0])).subcommand()
			.commandSpec();
	}
}
