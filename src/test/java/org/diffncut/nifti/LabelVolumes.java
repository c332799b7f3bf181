package org.diffncut.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

/** Checks a written label volume against its input volumes, with our reader (pinned to nibabel by NiftiTest). */
public final class LabelVolumes {
	private LabelVolumes() {}

	/**
	 * The label volume {@code labels} against its channel volumes: the first one's geometry field by field (version,
	 * byte order, dims, pixdim, qform and sform codes and parameters, xyzt_units), the label intent, some foreground
	 * ids, and label 0 exactly where every channel is 0.
	 */
	public static void assertLabelsOf(Path labels, Path... channels) throws IOException {
		NiftiVolume l = Nifti.read(labels), first = Nifti.read(channels[0]);
		NiftiHeader a = first.header(), b = l.header();
		assertEquals(a.version(), b.version(), "NIfTI version");
		assertEquals(a.order(), b.order(), "byte order");
		assertArrayEquals(a.dims(), b.dims(), "dims");
		assertArrayEquals(a.pixdim(), b.pixdim(), "pixdim");
		assertEquals(a.qformCode(), b.qformCode(), "qform_code");
		assertEquals(a.sformCode(), b.sformCode(), "sform_code");
		assertArrayEquals(a.quatern(), b.quatern(), "quatern");
		assertArrayEquals(a.srow(), b.srow(), "srow");
		assertEquals(a.xyztUnits(), b.xyztUnits(), "xyzt_units");
		assertEquals(NiftiHeader.INTENT_LABEL, b.intentCode());
		double[] ids = l.values();
		boolean[] foreground = new boolean[ids.length];
		for (Path c : channels) {
			double[] v = Nifti.read(c).values();
			for (int i = 0; i < v.length; i++) foreground[i] |= v[i] != 0;
		}
		int max = 0;
		for (int i = 0; i < ids.length; i++) {
			assertEquals(foreground[i], ids[i] != 0, labels.getFileName() + ": voxel " + i + " is 0 only where every " +
				"channel is 0");
			max = Math.max(max, (int) ids[i]);
		}
		assertTrue(max >= 1, "some foreground ids");
	}
}
