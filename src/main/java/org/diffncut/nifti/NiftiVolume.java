package org.diffncut.nifti;

/**
 * A 3-D NIfTI volume: its header and its voxel values as {@code double} after scl_slope/scl_inter, voxel
 * (i, j, k) at index {@code i + nx·(j + ny·k)}, the file's own order (no flips, no reorientation).
 */
public final class NiftiVolume {
	private final NiftiHeader header;
	private final int nx, ny, nz;
	private final double[] values;

	/** A volume of {@code header}'s shape; {@code values} in NIfTI order, shared. */
	public NiftiVolume(NiftiHeader header, double[] values) {
		int[] s = header.shape();
		if ((long) s[0] * s[1] * s[2] != values.length) throw new IllegalArgumentException(values.length +
			" values for " + s[0] + "x" + s[1] + "x" + s[2]);
		this.header = header;
		this.nx = s[0];
		this.ny = s[1];
		this.nz = s[2];
		this.values = values;
	}

	public NiftiHeader header() { return header; }
	public int nx() { return nx; }
	public int ny() { return ny; }
	public int nz() { return nz; }

	/** The extent along axis 0, 1 or 2. */
	public int size(int axis) {
		return axis == 0 ? nx : axis == 1 ? ny : nz;
	}

	/** Values in NIfTI order (shared, not copied: do not modify). */
	public double[] values() { return values; }

	public double get(int i, int j, int k) {
		return values[i + nx * (j + ny * k)];
	}

	/** "240x240x155". */
	public String shapeText() {
		return nx + "x" + ny + "x" + nz;
	}

	public boolean sameShape(NiftiVolume other) {
		return nx == other.nx && ny == other.ny && nz == other.nz;
	}
}
