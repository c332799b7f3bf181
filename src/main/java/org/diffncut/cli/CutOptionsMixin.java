package org.diffncut.cli;

import org.diffncut.graph.GraphKind;
import org.diffncut.graph.PowerWalk;
import org.diffncut.ncut.NormalizedCut;
import org.diffncut.ncut.StoppingRule;
import org.diffncut.ncut.SweepCut;
import org.diffncut.pipeline.CutOptions;

import picocli.CommandLine.Option;

/** The options of every command that cuts: graph, walk steps, stopping rule, tree growth. */
public final class CutOptionsMixin {
	@Option(names = "--graph", paramLabel = "dot|cosine|walk", defaultValue = "dot", description = "Graph cut from the attention walk P: dot (A = P^k (P^k)^T), cosine (of the rows of P^k) or " +
			"walk (P^k itself, a random walk). Default: ${DEFAULT-VALUE}.")
	GraphKind graph;

	@Option(names = "--steps", paramLabel = "k", defaultValue = "1",
		description = "Power walk: steps k of the random walk; more steps give fewer, larger segments; at most " + PowerWalk.MAX_STEPS + ". Default: ${DEFAULT-VALUE}.")
	int steps;

	@Option(names = "--stop", paramLabel = "RULE", defaultValue = "manc-ncut", description = "Stopping rule: manc-ncut (stop when NCut >= nT/2m), manc-mincut (stop when cut/T >= nT/2m) " +
			"or ncut:TAU (stop when NCut >= TAU). Default: ${DEFAULT-VALUE}.")
	StoppingRule stop;

	@Option(names = "--grow", paramLabel = "RULE", description = "Also grow the saved split tree wherever this rule splits (e.g. ncut:1.0), so that recut can " +
			"use it exactly. Default: grow only as far as --stop.")
	StoppingRule grow;

	@Option(names = "--min-size", paramLabel = "n", defaultValue = "1",
		description = "Smallest segment a split may leave, in attention-grid cells. Default: ${DEFAULT-VALUE}.")
	int minSize;

	@Option(names = "--max-depth", paramLabel = "d", defaultValue = "" + NormalizedCut.DEFAULT_MAX_DEPTH,
		description = "Depth guard of the split tree. Default: ${DEFAULT-VALUE}.")
	int maxDepth;

	@Option(names = "--sweep", paramLabel = "exact|even", defaultValue = "exact", description = "Split points tried along the Fiedler vector: exact (every one, best NCut) or even (m evenly " +
			"spaced thresholds, as DiffCut). Default: ${DEFAULT-VALUE}.")
	SweepCut.Mode sweep;

	@Option(names = "--thresholds", paramLabel = "m", defaultValue = "100",
		description = "m for --sweep even. Default: ${DEFAULT-VALUE}.")
	int thresholds;

	public CutOptions options() {
		return CutOptions.DEFAULTS.withGraph(graph).withSteps(steps).withStop(stop).withGrowth(grow)
			.withMinSize(minSize).withMaxDepth(maxDepth).withSweep(sweep, thresholds);
	}
}
