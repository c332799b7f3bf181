package org.diffncut.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and keeps its exit code and output. */
final class CliRun {
	final int code;
	final String out, err;

	private CliRun(int code, String out, String err) {
		this.code = code;
		this.out = out;
		this.err = err;
	}

	static CliRun of(String... args) {
		StringWriter out = new StringWriter(), err = new StringWriter();
		int code = DiffNCut.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new CliRun(code, out.toString(), err.toString());
	}

	/** stderr without the SLF4J start-up notice DJL's dependency prints. */
	String errors() {
		StringBuilder b = new StringBuilder();
		for (String line : err.split("\n"))
			if (!line.startsWith("SLF4J") && !line.isEmpty()) b.append(line).append('\n');
		return b.toString();
	}

	@Override
	public String toString() {
		return "exit " + code + "\nout: " + out + "\nerr: " + err;
	}
}
