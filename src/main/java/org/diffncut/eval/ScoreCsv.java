package org.diffncut.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.diffncut.io.Csv;

/**
 * Per-image scores as CSV, one row per image:
 * {@code image,valid_pixels,accuracy,f1,miou,merged_accuracy,merged_f1,merged_miou}; fractions in [0, 1], empty
 * where undefined (no valid pixel). Image names containing a comma or quote are quoted.
 */
public final class ScoreCsv implements AutoCloseable {
	public static final String HEADER = "image,valid_pixels,accuracy,f1,miou,merged_accuracy,merged_f1,merged_miou";

	private final BufferedWriter out;

	public ScoreCsv(Path file) throws IOException {
		this(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
	}

	/** Writes to {@code out} (UTF-8 expected), which it closes. */
	public ScoreCsv(Writer out) throws IOException {
		this.out = out instanceof BufferedWriter ? (BufferedWriter) out : new BufferedWriter(out);
		this.out.write(HEADER);
		this.out.newLine();
	}

	/** Appends a row; an I/O failure comes out as {@link UncheckedIOException}. */
	public void add(ImageScores s) {
		try {
			out.write(Csv.quote(s.name()) + "," + s.valid() + "," + scores(s.matched()) + "," + scores(s.merged()));
			out.newLine();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String scores(Scores s) {
		return number(s.accuracy()) + "," + number(s.f1()) + "," + number(s.miou());
	}

	private static String number(double x) {
		return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6f", x);
	}

	@Override
	public void close() throws IOException {
		out.close();
	}
}
