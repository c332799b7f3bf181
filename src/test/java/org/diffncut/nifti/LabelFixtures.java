package org.diffncut.nifti;

/**
 * The label volumes of the committed label files (check_labels.py reads them back with nibabel): 24 voxels,
 * ids (7v) mod 5, and for the uint16 file id 300 at voxel 5 (above uint8).
 */
final class LabelFixtures {
	private LabelFixtures() {}

	static short[] labels(String file) {
		short[] ids = new short[24];
		for (int v = 0; v < ids.length; v++) ids[v] = (short) (7 * v % 5);
		if (file.startsWith("labels_u16")) ids[5] = 300;
		return ids;
	}
}
