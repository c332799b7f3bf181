package org.diffncut.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.diffncut.Progress;
import org.diffncut.eval.BratsScores.Labels;
import org.diffncut.eval.BratsScores.Mapping;
import org.diffncut.eval.BratsScores.Region;
import org.diffncut.io.Csv;
import org.diffncut.nifti.Nifti;
import org.diffncut.nifti.NiftiVolume;
import org.diffncut.volume.Modality;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * Scores the predictions {@code PRED/<case>_labels.nii.gz} against the {@code *seg.nii.gz} of every case folder
 * under a BraTS root ({@link BratsScores}). A case without a prediction, with a prediction of another shape, or
 * with unknown labels gets a status of its own in the CSV and is left out of the JSON and its means.
 */
public final class BratsEvaluation {
	public static final String PREDICTION_SUFFIX = "_labels.nii.gz";

	/** One case's outcome: scores when {@code status} is "ok". */
	public static final class Case {
		public final String name, status;
		public final BratsScores scores;

		Case(String name, String status, BratsScores scores) {
			this.name = name;
			this.status = status;
			this.scores = scores;
		}
	}

	private final List<Case> cases;

	private BratsEvaluation(List<Case> cases) {
		this.cases = cases;
	}

	/**
	 * @param notes one line per case that could not be scored
	 * @throws IOException if the root is no folder or holds no case with a seg volume
	 */
	public static BratsEvaluation run(Path predictions, Path root, Labels labels, Progress progress,
		Consumer<String> notes) throws IOException
	{
		if (!Files.isDirectory(predictions)) throw new IOException(predictions + ": no such folder of predictions");
		if (!Files.isDirectory(root)) throw new IOException(root + ": no such BraTS root folder");
		List<Path> folders;
		try (Stream<Path> s = Files.list(root)) {
			folders = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
		}
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < folders.size(); i++) {
			Path folder = folders.get(i);
			String name = folder.getFileName().toString();
			progress.report((double) i / folders.size(), name);
			Path seg = Modality.SEG.find(folder);
			if (seg == null) continue; // not a case with ground truth
			Path pred = predictions.resolve(name + PREDICTION_SUFFIX);
			Case c;
			if (!Files.isRegularFile(pred)) c = new Case(name, "missing prediction " + pred.getFileName(), null);
			else {
				try {
					NiftiVolume gt = Nifti.read(seg), p = Nifti.read(pred);
					if (!gt.sameShape(p)) throw new IllegalArgumentException(pred + " is " + p.shapeText() +
						" but the ground truth " + seg.getFileName() + " is " + gt.shapeText());
					double[] px = gt.header().pixdim();
					double[] spacing = { Math.abs(px[1]), Math.abs(px[2]), Math.abs(px[3]) };
					c = new Case(name, "ok", BratsScores.of(gt.values(), p.values(), gt.nx(), gt.ny(), gt.nz(), spacing,
						labels, name));
				}
				catch (IOException | IllegalArgumentException e) {
					c = new Case(name, "error: " + e.getMessage(), null);
				}
			}
			if (c.scores == null) notes.accept(name + ": " + c.status);
			cases.add(c);
		}
		progress.report(1, "scored");
		if (cases.isEmpty()) throw new IOException(root + ": no case folder with a *seg.nii.gz ground truth");
		return new BratsEvaluation(cases);
	}

	public List<Case> cases() {
		return cases;
	}

	/** The plain mean over the scored cases, NaN if none. */
	public double mean(Mapping m, Region r, boolean dice) {
		double sum = 0;
		int n = 0;
		for (Case c : cases)
			if (c.scores != null) {
				BratsScores.Score s = c.scores.get(m, r);
				sum += dice ? s.dice : s.hd95;
				n++;
			}
		return n == 0 ? Double.NaN : sum / n;
	}

	/** {"cases": {case: {"merged": {"WT": {"dice", "hd95"}, ...}, "hungarian": {...}}}, "mean": {...}}. */
	public String toJson() {
		JsonObject root = new JsonObject(), all = new JsonObject(), mean = new JsonObject();
		for (Case c : cases)
			if (c.scores != null) {
				JsonObject one = new JsonObject();
				for (Mapping m : Mapping.values()) {
					JsonObject regions = new JsonObject();
					for (Region r : Region.values()) regions.add(r.name(), score(c.scores.get(m, r).dice,
						c.scores.get(m, r).hd95));
					one.add(key(m), regions);
				}
				all.add(c.name, one);
			}
		for (Mapping m : Mapping.values()) {
			JsonObject regions = new JsonObject();
			for (Region r : Region.values()) regions.add(r.name(), score(mean(m, r, true), mean(m, r, false)));
			mean.add(key(m), regions);
		}
		root.add("cases", all);
		root.add("mean", mean);
		return new GsonBuilder().serializeNulls().setPrettyPrinting().create()
			.toJson(root) + "\n";
	}

	/** A header and one row per case: status, edition, then dice and hd95 per mapping and region. */
	public String toCsv() {
		StringBuilder b = new StringBuilder("case,status,labels");
		for (Mapping m : Mapping.values())
			for (Region r : Region.values()) b.append(',').append(key(m)).append('_').append(r).append("_dice,")
				.append(key(m)).append('_').append(r).append("_hd95");
		b.append('\n');
		for (Case c : cases) {
			b.append(Csv.quote(c.name)).append(',').append(Csv.quote(c.status)).append(',');
			if (c.scores != null) b.append(c.scores.edition() == Labels.Y2021 ? "2021" : "2023");
			for (Mapping m : Mapping.values())
				for (Region r : Region.values()) {
					BratsScores.Score s = c.scores == null ? null : c.scores.get(m, r);
					b.append(',').append(s == null ? "" : format(s.dice)).append(',').append(s == null ? "" :
						format(s.hd95));
				}
			b.append('\n');
		}
		return b.toString();
	}

	private static String key(Mapping m) {
		return m.name().toLowerCase(Locale.ROOT);
	}

	private static JsonObject score(double dice, double hd95) {
		JsonObject o = new JsonObject();
		o.addProperty("dice", Double.isNaN(dice) ? null : (Number) dice);
		o.addProperty("hd95", Double.isNaN(hd95) ? null : (Number) hd95);
		return o;
	}

	private static String format(double x) {
		return String.format(Locale.ROOT, "%.6f", x);
	}
}
