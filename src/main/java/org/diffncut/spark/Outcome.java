package org.diffncut.spark;

import java.io.Serializable;
import java.util.Locale;

import org.diffncut.eval.ClassCounts;
import org.diffncut.io.Csv;

/** What became of one item on its worker: a row of the run table, and for benchmarks the image's counts. */
final class Outcome implements Serializable {
	private static final long serialVersionUID = 1L;

	/** The run-table columns; a volume's table has {@link #VOLUME_HEADER}'s, with its slices. */
	static final String HEADER = "item,status,segments,seconds,host,error",
		VOLUME_HEADER = "item,status,segments,slices,seconds,host,error";

	enum Status {
		/** Segmented in this run. */
		DONE,
		/** Its output was already there. */
		SKIPPED,
		FAILED;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	final String item;
	final Status status;
	final int segments;
	/** Volumes: the slices segmented in this run, or -1. */
	final int slices;
	final double seconds;
	final String host, error;
	/** The model could not be loaded on the worker (rather than this item being bad). */
	final boolean modelFailed;
	/** Benchmarks: the image's Hungarian-matched and oracle-merged counts; null otherwise or on failure. */
	final ClassCounts matched, merged;

	private Outcome(String item, Status status, int segments, int slices, double seconds, String host, String error,
		boolean modelFailed, ClassCounts matched, ClassCounts merged)
	{
		this.item = item;
		this.status = status;
		this.segments = segments;
		this.slices = slices;
		this.seconds = seconds;
		this.host = host;
		this.error = error;
		this.modelFailed = modelFailed;
		this.matched = matched;
		this.merged = merged;
	}

	/** Segmented in this run into {@code segments}, in {@code seconds}. */
	static Outcome done(String item, int segments, double seconds, String host) {
		return new Outcome(item, Status.DONE, segments, -1, seconds, host, "", false, null, null);
	}

	/** Its outputs were there already ({@code segments} -1 if not looked at). */
	static Outcome skipped(String item, int segments, String host) {
		return new Outcome(item, Status.SKIPPED, segments, -1, 0, host, "", false, null, null);
	}

	static Outcome failed(String item, String host, String error, boolean modelFailed) {
		return new Outcome(item, Status.FAILED, -1, -1, 0, host, error, modelFailed, null, null);
	}

	/** This outcome with a benchmark image's counts. */
	Outcome counted(ClassCounts matched, ClassCounts merged) {
		return new Outcome(item, status, segments, slices, seconds, host, error, modelFailed, matched, merged);
	}

	/** This outcome with a volume's slice count. */
	Outcome sliced(int slices) {
		return new Outcome(item, status, segments, slices, seconds, host, error, modelFailed, matched, merged);
	}

	/** A run-table row, with the slices column if {@code volumes}: numbers empty where unknown, the error quoted. */
	String row(boolean volumes) {
		return Csv.quote(item) + "," + status + "," + count(segments) + "," + (volumes ? count(slices) + "," : "") +
			(status == Status.DONE ? String.format(Locale.ROOT, "%.2f", seconds) : "") + "," + Csv.quote(host) + "," +
			Csv.quote(error);
	}

	private static String count(int n) {
		return n < 0 ? "" : Integer.toString(n);
	}
}
