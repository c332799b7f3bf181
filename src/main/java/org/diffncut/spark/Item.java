package org.diffncut.spark;

import java.io.Serializable;

/** One unit of work: an image or a case, named by {@code id} in the run table. */
final class Item implements Serializable {
	private static final long serialVersionUID = 1L;

	final String id;
	/** Its position in the job's plan (benchmarks: the dataset's order). */
	final int index;
	/** The input file's URI, and the output's. */
	final String input, output;

	Item(String id, int index, String input, String output) {
		this.id = id;
		this.index = index;
		this.input = input;
		this.output = output;
	}
}
