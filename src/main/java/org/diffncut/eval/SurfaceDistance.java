package org.diffncut.eval;

import java.util.Arrays;

/**
 * The 95th-percentile Hausdorff distance of two 3-D masks as MedPy's {@code hd95} computes it, with the BraTS
 * convention for empty masks.
 * <p>
 * The surface of a mask is the mask minus its binary erosion by the 6-neighbour cross, voxels outside the volume
 * counting as background (scipy's {@code binary_erosion}, border value 0). For each surface voxel of one mask the
 * Euclidean distance in mm (voxel spacing per axis) to the nearest surface voxel of the other is taken, both ways;
 * HD95 is the 95th percentile of the two sets together with numpy's linear interpolation. Distances come from an
 * exact anisotropic squared Euclidean distance transform (Felzenszwalb &amp; Huttenlocher 2012, one parabola
 * envelope per axis), as scipy's {@code distance_transform_edt}, computed only over the bounding box of both masks
 * (every surface voxel, hence every nearest one, lies inside it).
 */
public final class SurfaceDistance {
	/** HD95 when exactly one mask is empty: the BraTS challenge's value, the diagonal of the 240×240×155 mm box. */
	public static final double ONE_EMPTY = 373.12866;

	private static final double FAR = 1e20;

	private SurfaceDistance() {}

	/**
	 * @param a, b masks over nx × ny × nz voxels, index {@code i + nx·(j + ny·k)} (not modified)
	 * @param spacing voxel size along i, j, k in mm
	 */
	public static double hd95(boolean[] a, boolean[] b, int nx, int ny, int nz, double[] spacing) {
		int[] box = boundingBox(a, b, nx, ny, nz);
		boolean anyA = contains(a), anyB = contains(b);
		if (!anyA && !anyB) return 0;
		if (!anyA || !anyB) return ONE_EMPTY;
		int bx = box[3] - box[0] + 1, by = box[4] - box[1] + 1, bz = box[5] - box[2] + 1;
		boolean[] sa = surface(a, nx, ny, nz, box), sb = surface(b, nx, ny, nz, box);
		double[] toB = squaredDistance(sb, bx, by, bz, spacing), toA = squaredDistance(sa, bx, by, bz, spacing);
		double[] all = new double[count(sa) + count(sb)];
		int n = 0;
		for (int v = 0; v < sa.length; v++) {
			if (sa[v]) all[n++] = Math.sqrt(toB[v]);
			if (sb[v]) all[n++] = Math.sqrt(toA[v]);
		}
		Arrays.sort(all);
		return percentile(all, 95);
	}

	/** numpy.percentile's default: linear between the order statistics around rank p/100·(n − 1). */
	static double percentile(double[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int i = (int) Math.floor(rank);
		if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
		return sorted[i] + (rank - i) * (sorted[i + 1] - sorted[i]);
	}

	/** {imin, jmin, kmin, imax, jmax, kmax} of a ∪ b (the whole volume if both are empty). */
	private static int[] boundingBox(boolean[] a, boolean[] b, int nx, int ny, int nz) {
		int[] box = { nx, ny, nz, -1, -1, -1 };
		for (int k = 0, v = 0; k < nz; k++)
			for (int j = 0; j < ny; j++)
				for (int i = 0; i < nx; i++, v++)
					if (a[v] || b[v]) {
						box[0] = Math.min(box[0], i);
						box[1] = Math.min(box[1], j);
						box[2] = Math.min(box[2], k);
						box[3] = Math.max(box[3], i);
						box[4] = Math.max(box[4], j);
						box[5] = Math.max(box[5], k);
					}
		return box[3] < 0 ? new int[] { 0, 0, 0, nx - 1, ny - 1, nz - 1 } : box;
	}

	/** The surface of {@code m} inside {@code box}, indexed over the box; neighbours outside the volume are 0. */
	static boolean[] surface(boolean[] m, int nx, int ny, int nz, int[] box) {
		int bx = box[3] - box[0] + 1, by = box[4] - box[1] + 1, bz = box[5] - box[2] + 1;
		boolean[] s = new boolean[bx * by * bz];
		for (int k = box[2], o = 0; k <= box[5]; k++)
			for (int j = box[1]; j <= box[4]; j++)
				for (int i = box[0]; i <= box[3]; i++, o++) {
					int v = i + nx * (j + ny * k);
					if (!m[v]) continue;
					boolean interior = i > 0 && i < nx - 1 && j > 0 && j < ny - 1 && k > 0 && k < nz - 1 &&
						m[v - 1] && m[v + 1] && m[v - nx] && m[v + nx] && m[v - nx * ny] && m[v + nx * ny];
					s[o] = !interior;
				}
		return s;
	}

	/** Squared distance in mm² from every voxel to the nearest {@code feature} voxel, exact. */
	static double[] squaredDistance(boolean[] feature, int nx, int ny, int nz, double[] spacing) {
		double[] d = new double[feature.length];
		for (int v = 0; v < d.length; v++) d[v] = feature[v] ? 0 : FAR;
		int longest = Math.max(nx, Math.max(ny, nz));
		double[] line = new double[longest], out = new double[longest], z = new double[longest + 1];
		int[] hull = new int[longest];
		int[] size = { nx, ny, nz }, stride = { 1, nx, nx * ny };
		for (int axis = 0; axis < 3; axis++) {
			int n = size[axis], step = stride[axis];
			double s2 = spacing[axis] * spacing[axis];
			for (int start = 0; start < d.length; start++) {
				if ((start / step) % n != 0) continue; // the first voxel of a line along this axis
				for (int p = 0; p < n; p++) line[p] = d[start + p * step];
				envelope(line, n, s2, out, hull, z);
				for (int p = 0; p < n; p++) d[start + p * step] = out[p];
			}
		}
		return d;
	}

	/** out(p) = min_q f(q) + s²(p − q)², the lower envelope of parabolas (Felzenszwalb &amp; Huttenlocher). */
	private static void envelope(double[] f, int n, double s2, double[] out, int[] v, double[] z) {
		int k = 0;
		v[0] = 0;
		z[0] = Double.NEGATIVE_INFINITY;
		z[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, v[k], s2);
			while (s <= z[k]) s = intersection(f, q, v[--k], s2); // z[0] = −∞ stops it
			v[++k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int p = 0; p < n; p++) {
			while (z[k + 1] < p) k++;
			double dp = p - v[k];
			out[p] = f[v[k]] + s2 * dp * dp;
		}
	}

	/** Where the parabolas of q and r meet: f(q) + s²(p − q)² = f(r) + s²(p − r)². */
	private static double intersection(double[] f, int q, int r, double s2) {
		return (f[q] - f[r] + s2 * ((double) q * q - (double) r * r)) / (2 * s2 * (q - r));
	}

	private static boolean contains(boolean[] m) {
		for (boolean x : m)
			if (x) return true;
		return false;
	}

	private static int count(boolean[] m) {
		int n = 0;
		for (boolean x : m)
			if (x) n++;
		return n;
	}
}
