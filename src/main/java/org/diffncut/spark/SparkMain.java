package org.diffncut.spark;

import java.io.PrintWriter;
import java.util.function.Supplier;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffncut.cli.DiffNCut;
import org.diffncut.cli.Version;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code diffncut-spark}: Diffusion NCut over a whole dataset on Apache Spark, with the outputs of the
 * single-machine commands. Run by {@code spark-submit --class org.diffncut.spark.SparkMain
 * diffusion-ncut-<version>-spark.jar <job> [options]}, or {@code scripts/diffncut-spark --master local[N] <job> ...}.
 */
@Command(name = "diffncut-spark", mixinStandardHelpOptions = true, versionProvider = Version.class,
	description = "Diffusion NCut over a dataset on Apache Spark: one task per image or case, the model loaded once per " +
		"executor, outputs written atomically and skipped when they exist.",
	subcommands = { ImagesJob.class, BratsJob.class, BenchmarkJob.class, CommandLine.HelpCommand.class })
public final class SparkMain implements Runnable {
	private final Supplier<JavaSparkContext> spark;

	/** @param spark the Spark context jobs run on, asked for only once the command line is valid */
	SparkMain(Supplier<JavaSparkContext> spark) {
		this.spark = spark;
	}

	public static void main(String[] args) {
		JavaSparkContext[] started = new JavaSparkContext[1];
		int code;
		try {
			code = execute(() -> {
				SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "diffncut-spark");
				if (!conf.contains("spark.master")) throw new IllegalStateException("no Spark master: run the job " +
					"through spark-submit, or scripts/diffncut-spark --master local[N] ...");
				return started[0] = new JavaSparkContext(conf);
			}, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
		}
		finally {
			if (started[0] != null) started[0].stop();
		}
		System.exit(code);
	}

	/** Runs a job on the context {@code spark} gives and returns the exit code (1 failed, 2 bad command line). */
	static int execute(Supplier<JavaSparkContext> spark, PrintWriter out, PrintWriter err, String... args) {
		return DiffNCut.execute(DiffNCut.commandLine(new SparkMain(spark)), out, err, args);
	}

	JavaSparkContext spark() {
		return spark.get();
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.err);
	}
}
