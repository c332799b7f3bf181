package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.diffncut.pipeline.AttentionCut;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code diffncut} command-line tool. It calls the core directly (no SciJava context) and reports errors as
 * one line on stderr with a non-zero exit: 1 for a failed run, 2 for a bad command line.
 */
@Command(name = "diffncut", mixinStandardHelpOptions = true, versionProvider = Version.class,
	description = "Training-free segmentation: recursive normalised cuts on Stable Diffusion self-attention.")
public final class DiffNCut implements Runnable {
	/**
	 * The commands, in the order the help lists them. A run of one of them builds only that command's picocli model
	 * (a cut then starts a third of a second sooner); help and unknown commands build them all.
	 */
	static final List<Class<?>> COMMANDS = Arrays.asList(SegmentCommand.class, AttentionCommand.class,
		CutCommand.class, RecutCommand.class, FetchModelCommand.class, EvaluateCommand.class, BenchmarkCommand.class,
		BratsCommand.class, EvaluateBratsCommand.class, BenchNcutCommand.class, BenchModelCommand.class,
		BenchEvalCommand.class, BenchVolumeCommand.class, CommandLine.HelpCommand.class);

	public static void main(String[] args) {
		// Eager single-stream inference: PyTorch's inter-op pool only costs threads. Set here, for this process only,
		// not in the core, which also runs inside Fiji beside other DJL plug-ins. Intra-op stays at its default
		// (physical cores), or what the user sets.
		if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null)
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		// picocli looks for Groovy's Closure class once, which opens every jar on the class path (about 20 ms of a
		// start with its classes archived); no option of ours is a Groovy closure.
		System.setProperty("picocli.disable.closures", "true");
		// A cut process lasts about a second, and its kernels would run interpreted at first (AttentionCut.warmUp).
		if (args.length > 0 && args[0].equals(CutCommand.NAME)) AttentionCut.warmUp();
		System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/**
	 * A command line for {@code command} (this tool with all its {@link #COMMANDS}, or another built of its option
	 * classes) with its converters.
	 */
	public static CommandLine commandLine(Object command) {
		return commandLine(command, COMMANDS);
	}

	private static CommandLine commandLine(Object command, List<Class<?>> commands) {
		CommandLine cli = new CommandLine(command);
		if (command instanceof DiffNCut) for (Class<?> c : commands) cli.addSubcommand(c);
		return Converters.register(cli); // after the subcommands: picocli registers converters on those present
	}

	/** Runs the tool with the given streams and returns its exit code. */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		List<Class<?>> commands = COMMANDS;
		for (Class<?> c : COMMANDS)
			if (args.length > 0 && c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0]))
				commands = Collections.singletonList(c);
		return execute(commandLine(new DiffNCut(), commands), out, err, args);
	}

	/**
	 * Runs the tool {@code cli} with the given streams and returns its exit code: a failure is one line on
	 * {@code err}, prefixed with the tool's name, with exit code 1 (2 for a bad command line).
	 */
	public static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
		String name = cli.getCommandName();
		cli.setOut(out);
		cli.setErr(err);
		cli.setParameterExceptionHandler((e, a) -> {
			err.println(name + ": " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() +
				" --help')");
			return 2;
		});
		cli.setExecutionExceptionHandler((e, c, parsed) -> {
			err.println(name + ": " + describe(e));
			return 1;
		});
		try {
			return cli.execute(args);
		}
		catch (OutOfMemoryError | StackOverflowError e) { // picocli hands only exceptions to the handler
			err.println(name + ": " + describe(e));
			return 1;
		}
	}

	/** A failure as one line for the user: its message, or what it is. */
	public static String describe(Throwable e) {
		if (e instanceof CancellationException) return "canceled";
		if (e instanceof OutOfMemoryError) return "out of memory: give Java more heap (e.g. JAVA_OPTS=-Xmx16g) " +
			"or use a smaller working resolution";
		if (e instanceof StackOverflowError) return "an input file is nested too deeply to read: check that it is " +
			"the file this tool wrote";
		if (e instanceof NullPointerException || e instanceof IndexOutOfBoundsException || e instanceof ClassCastException ||
			e instanceof ArithmeticException || e instanceof NegativeArraySizeException)
			return "internal error (" + e.getClass().getSimpleName() + "): please report it with the command line; " +
				"check the input files meanwhile";
		String message = e.getMessage();
		return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.err);
	}
}
