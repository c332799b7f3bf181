package org.diffncut.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.diffncut.Fixtures;
import org.diffncut.safetensors.SafeTensors;
import org.diffncut.safetensors.SafeTensorsWriter;

/** Runs the CLI in-process and keeps its exit code and output. */
public final class CliRun {
	public final int code;
	public final String out, err;

	private CliRun(int code, String out, String err) {
		this.code = code;
		this.out = out;
		this.err = err;
	}

	public static CliRun of(String... args) {
		StringWriter out = new StringWriter(), err = new StringWriter();
		int code = DiffNCut.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new CliRun(code, out.toString(), err.toString());
	}

	/** The golden aggregated attention P of the tiny model (256×256) as an attention file in {@code dir}. */
	static Path goldenP(Path dir) throws IOException {
		Path file = dir.resolve("P.safetensors");
		try (SafeTensors golden = SafeTensors.open(Fixtures.golden())) {
			new SafeTensorsWriter().add("P", golden.floats("aggregated/diffseg_all"), 256, 256).write(file);
		}
		return file;
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
