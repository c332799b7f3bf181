package org.diffncut.eval;

import java.util.Locale;

import org.diffncut.segmentation.LinearSumAssignment;

/**
 * Dice and HD95 of the three BraTS tumour regions for one case, after mapping the predicted segment ids onto the
 * ground-truth labels in two ways.
 * <ul>
 * <li>Labels: BraTS 2021 uses {0, 1 NCR, 2 ED, 4 ET}, 2023 uses {0, 1 NCR, 2 ED, 3 ET}. Regions: WT = {1, 2, ET},
 * TC = {1, ET}, ET = {ET}.
 * <li>{@code merged}: every predicted id s, 0 included, takes the ground-truth label with the most voxels of s;
 * ties go to the lowest label value (an id with no voxel takes 0).
 * <li>{@code hungarian}: the one-to-one matching of the ground-truth labels [0, 1, 2, ET] (rows, in that order) to
 * the predicted ids 0..max (columns) of largest total overlap, ties broken as scipy's
 * {@code linear_sum_assignment(H, maximize=True)} ({@link LinearSumAssignment}); unmatched ids become 0.
 * <li>Dice = 2|A∩B| / (|A| + |B|), 1 when both are empty; HD95 as {@link SurfaceDistance}.
 * </ul>
 */
public final class BratsScores {
	/** The label sets of the BraTS editions. */
	public enum Labels {
		/** A volume that holds 4 is 2021, any other 2023. */
		AUTO(0),
		Y2021(4),
		Y2023(3);

		/** The enhancing tumour's label value. */
		public final int et;

		Labels(int et) {
			this.et = et;
		}

		/** From "auto", "2021" or "2023". */
		public static Labels parse(String text) {
			switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "auto": return AUTO;
				case "2021": return Y2021;
				case "2023": return Y2023;
				default: throw new IllegalArgumentException("labels must be auto, 2021 or 2023, not '" + text + "'");
			}
		}
	}

	public enum Region { WT, TC, ET }

	public enum Mapping { MERGED, HUNGARIAN }

	/** A region's Dice (in [0, 1]) and HD95 (mm). */
	public static final class Score {
		public final double dice, hd95;

		Score(double dice, double hd95) {
			this.dice = dice;
			this.hd95 = hd95;
		}
	}

	private final Labels edition;
	private final Score[][] scores; // [mapping][region]

	private BratsScores(Labels edition, Score[][] scores) {
		this.edition = edition;
		this.scores = scores;
	}

	/** The edition the ground truth was read as (never AUTO). */
	public Labels edition() {
		return edition;
	}

	public Score get(Mapping mapping, Region region) {
		return scores[mapping.ordinal()][region.ordinal()];
	}

	/**
	 * Scores one case; {@code name} names the case in messages.
	 *
	 * @param gt ground-truth labels, {@code pred} predicted ids (integers 0..65535), both over nx × ny × nz
	 * @param spacing the ground truth's voxel size in mm
	 * @throws IllegalArgumentException for a ground-truth label outside the edition's set, or a bad prediction
	 */
	public static BratsScores of(double[] gt, double[] pred, int nx, int ny, int nz, double[] spacing, Labels labels,
		String name)
	{
		int n = gt.length;
		if (pred.length != n || (long) nx * ny * nz != n) throw new IllegalArgumentException(name +
			": prediction and ground truth differ in size");
		Labels edition = labels != Labels.AUTO ? labels : contains(gt, 4) ? Labels.Y2021 : Labels.Y2023;
		int[] truth = new int[n], ids = new int[n]; // truth as the row 0..3 of [0, 1, 2, ET]
		int max = 0;
		for (int v = 0; v < n; v++) {
			double g = gt[v];
			truth[v] = g == 0 ? 0 : g == 1 ? 1 : g == 2 ? 2 : g == edition.et ? 3 : -1;
			if (truth[v] < 0) throw new IllegalArgumentException(name + ": the ground truth holds label " +
				number(g) + " at voxel " + voxel(v, nx, ny) + "; BraTS " + (edition == Labels.Y2021 ? "2021" : "2023") +
				" labels are 0, 1, 2, " + edition.et + (labels == Labels.AUTO ? " (guessed from the volume; " +
					"choose --labels 2021 or 2023)" : ""));
			double p = pred[v];
			if (!(p >= 0 && p <= 0xffff && p == Math.rint(p))) throw new IllegalArgumentException(name +
				": the prediction holds " + number(p) + " at voxel " + voxel(v, nx, ny) + "; segment ids are " +
				"integers 0..65535");
			ids[v] = (int) p;
			max = Math.max(max, ids[v]);
		}
		int cols = max + 1;
		double[] overlap = new double[4 * cols];
		for (int v = 0; v < n; v++) overlap[truth[v] * cols + ids[v]]++;
		int[][] maps = { merged(overlap, cols), hungarian(overlap, cols) };
		Score[][] scores = new Score[2][];
		for (int m = 0; m < 2; m++) {
			int[] predicted = new int[n];
			for (int v = 0; v < n; v++) predicted[v] = maps[m][ids[v]];
			scores[m] = new Score[3];
			for (Region r : Region.values()) {
				boolean[] a = mask(predicted, r), b = mask(truth, r);
				scores[m][r.ordinal()] = new Score(dice(a, b), SurfaceDistance.hd95(a, b, nx, ny, nz, spacing));
			}
		}
		return new BratsScores(edition, scores);
	}

	/** Row 0..3 of [0, 1, 2, ET] for every predicted id: its majority label, ties to the lowest. */
	static int[] merged(double[] overlap, int cols) {
		int[] map = new int[cols];
		for (int s = 0; s < cols; s++) {
			int best = 0;
			for (int r = 1; r < 4; r++)
				if (overlap[r * cols + s] > overlap[best * cols + s]) best = r;
			map[s] = best;
		}
		return map;
	}

	/** Row 0..3 of [0, 1, 2, ET] for every predicted id: its Hungarian partner, or 0. */
	static int[] hungarian(double[] overlap, int cols) {
		int[] match = LinearSumAssignment.maximize(overlap, 4, cols), map = new int[cols];
		for (int r = 0; r < 4; r++)
			if (match[r] >= 0) map[match[r]] = r;
		return map;
	}

	/** Voxels whose row (0..3 of [0, 1, 2, ET]) lies in {@code region}. */
	private static boolean[] mask(int[] rows, Region region) {
		boolean[] m = new boolean[rows.length];
		for (int v = 0; v < rows.length; v++) {
			int r = rows[v];
			m[v] = region == Region.WT ? r > 0 : region == Region.TC ? r == 1 || r == 3 : r == 3;
		}
		return m;
	}

	static double dice(boolean[] a, boolean[] b) {
		long both = 0, na = 0, nb = 0;
		for (int v = 0; v < a.length; v++) {
			if (a[v]) na++;
			if (b[v]) nb++;
			if (a[v] && b[v]) both++;
		}
		return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
	}

	private static boolean contains(double[] values, double x) {
		for (double v : values)
			if (v == x) return true;
		return false;
	}

	private static String voxel(int v, int nx, int ny) {
		return "(" + v % nx + ", " + v / nx % ny + ", " + v / nx / ny + ")";
	}

	private static String number(double x) {
		return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
	}
}
