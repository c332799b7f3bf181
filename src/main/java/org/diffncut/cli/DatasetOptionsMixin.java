package org.diffncut.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import org.diffncut.eval.Dataset;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Which benchmark dataset, where, and how much of it. */
public final class DatasetOptionsMixin {
	/** Options that do not change the labels, so they stay out of OUT/settings.txt. */
	/**
	 * Options that leave the labels alone: where files are, how many, and how the hub is reached (a token is a
	 * secret and must never be written to the output folder).
	 */
	private static final Set<String> NOT_SETTINGS = Set.of("--root", "--out", "--limit", "--coco-list",
		"--coco-fine-to-coarse", "--help", "--version", "--token", "--endpoint", "--cache-dir");

	/** The datasets, by their command-line names. */
	enum Kind {
		COCO27, CITYSCAPES, ADE20K;

		static final class Converter implements ITypeConverter<Kind> {
			@Override
			public Kind convert(String value) {
				try {
					return Kind.valueOf(value.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException e) {
					throw new TypeConversionException("unknown dataset '" + value +
						"': use coco27, cityscapes or ade20k");
				}
			}
		}
	}

	@Option(names = "--dataset", required = true, paramLabel = "coco27|cityscapes|ade20k",
		converter = Kind.Converter.class, description = "COCO-Stuff-27 (curated 2175 images), Cityscapes-27 " +
			"(500 val images) or ADE20K-150 (2000 val images).")
	Kind dataset;

	@Option(names = "--root", required = true, paramLabel = "DIR", description = { "The dataset folder:",
		"  coco27: val2017/<id>.jpg, stuffthingmaps_trainval2017/val2017/<id>.png",
		"  cityscapes: leftImg8bit/val/<city>/*_leftImg8bit.png, gtFine/val/<city>/*_gtFine_labelIds.png",
		"  ade20k: ADEChallengeData2016 (images/validation, annotations/validation) or its parent" })
	Path root;

	@Option(names = "--limit", paramLabel = "n", description = "Only the first n images.")
	Integer limit;

	@Option(names = "--coco-list", paramLabel = "FILE", description = "coco27: the image ids to evaluate. " +
		"Default: ROOT/Coco164kFull_Stuff_Coarse_7.txt.")
	Path cocoList;

	@Option(names = "--coco-fine-to-coarse", paramLabel = "FILE", description = "coco27: CSV with columns fine_id " +
		"and coarse_id mapping the 182 COCO-Stuff ids to the 27 classes. Default: ROOT/fine_to_coarse.csv.")
	Path cocoFineToCoarse;

	/** The dataset, its files checked. */
	public Dataset open() throws IOException {
		switch (dataset) {
			case COCO27:
				return Dataset.cocoStuff27(root, cocoList != null ? cocoList : root.resolve(
					"Coco164kFull_Stuff_Coarse_7.txt"), cocoFineToCoarse != null ? cocoFineToCoarse : root.resolve(
						"fine_to_coarse.csv"));
			case CITYSCAPES:
				return Dataset.cityscapes27(root);
			default:
				return Dataset.ade20k150(root);
		}
	}

	/** The number of images asked for ({@code --limit}), or all {@code available}. */
	public int count(int available) {
		return limit == null ? available : Math.min(limit, available);
	}

	/**
	 * Every option of the benchmark command {@code spec} that changes the labels (all but where the files are,
	 * how many, and {@code more}), as sorted {@code --name=value} lines, values as written or default: the
	 * settings of OUT/settings.txt.
	 */
	public static String settings(CommandSpec spec, String... more) {
		TreeMap<String, String> lines = new TreeMap<>();
		for (OptionSpec o : spec.options())
			if (!NOT_SETTINGS.contains(o.longestName()) && !Arrays.asList(more).contains(o.longestName()))
				lines.put(o.longestName(), o.stringValues().isEmpty() ? String.valueOf(o.defaultValue()) : String
					.join(",", o.stringValues()));
		StringBuilder s = new StringBuilder();
		lines.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
		return s.toString();
	}
}
