package org.diffncut.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.diffncut.pipeline.Segmentation;

/** What the segmenting commands print: the segment count on stdout, times and warnings on stderr. */
final class Reports {
	private Reports() {}

	static void segmented(PrintWriter out, PrintWriter err, Segmentation s) {
		out.println(s.labels().count() + " segments");
		err.println("time: " + s.timings() + String.format(Locale.ROOT, " (total %.2f s)", s.timings().total()));
		int unconverged = s.tree().unconverged();
		if (unconverged > 0) err.println("warning: the eigen-solver hit its iteration cap on " + unconverged +
			" sub-graph(s); their splits use the best estimate");
		if (s.partition().truncated() > 0) err.println("warning: " + s.partition().truncated() + " segment(s) would " +
			"split further under " + s.rule().spec() + " but the tree was grown with " + s.tree().grownWith().spec() +
			": run cut again with --grow " + s.rule().spec() + " for an exact result");
	}
}
