package org.diffncut.nifti;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.diffncut.io.AtomicFile;

/**
 * Reads NIfTI-1/2 volumes ({@code .nii}, {@code .nii.gz}) and writes label volumes with an input's geometry.
 * Gzip is decided by the name ({@code .gz}) on writing and by the content (its magic bytes) on reading.
 */
public final class Nifti {
	private Nifti() {}

	/** True for names NIfTI volumes take: {@code .nii} or {@code .nii.gz}, any case. */
	public static boolean isNiftiName(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz");
	}

	/** The name without {@code .nii} or {@code .nii.gz}. */
	public static String stem(String name) {
		return name.replaceFirst("(?i)\\.nii(\\.gz)?$", "");
	}

	/**
	 * Reads a 3-D volume (or 4-D with one time point) of uint8, int16, uint16, int32, float32 or float64 voxels.
	 *
	 * @throws NiftiException naming the file: not NIfTI, corrupt or truncated gzip, dimensions that do not match
	 *         the file's length, or an unsupported type
	 */
	public static NiftiVolume read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new NoSuchFileException(file + ": volume not found");
		byte[] bytes = contents(file);
		NiftiHeader h = NiftiHeader.parse(bytes, file.toString());
		int[] s = h.shape();
		long voxels = (long) s[0] * s[1] * s[2];
		int width = NiftiHeader.bytesPerVoxel(h.datatype());
		long need = h.voxOffset() + voxels * width;
		if (voxels > Integer.MAX_VALUE || need != bytes.length) throw new NiftiException(file + ": the header's " +
			"dimensions " + s[0] + "x" + s[1] + "x" + s[2] + " need " + need + " bytes but the file holds " +
			bytes.length + (need > bytes.length ? "; it is truncated" : "; the header is wrong"));
		return new NiftiVolume(h, decode(ByteBuffer.wrap(bytes).order(h.order()), (int) h.voxOffset(), (int) voxels,
			h.datatype(), h.scaling()));
	}

	/** The file's bytes, gunzipped when it starts with the gzip magic. */
	private static byte[] contents(Path file) throws IOException {
		byte[] raw = Files.readAllBytes(file);
		if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) return raw;
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
			return in.readAllBytes();
		}
		catch (EOFException e) {
			throw new NiftiException(file + ": the gzip stream is truncated; the download or copy is incomplete, " +
				"fetch the file again", e);
		}
		catch (ZipException e) {
			throw new NiftiException(file + ": the gzip stream is corrupt (" + e.getMessage() + "); fetch the file " +
				"again", e);
		}
	}

	private static double[] decode(ByteBuffer b, int offset, int n, int type, double[] scaling) {
		double[] v = new double[n];
		switch (type) {
			case NiftiHeader.UINT8: for (int i = 0; i < n; i++) v[i] = b.get(offset + i) & 0xff; break;
			case NiftiHeader.INT16: for (int i = 0; i < n; i++) v[i] = b.getShort(offset + 2 * i); break;
			case NiftiHeader.UINT16: for (int i = 0; i < n; i++) v[i] = b.getShort(offset + 2 * i) & 0xffff; break;
			case NiftiHeader.INT32: for (int i = 0; i < n; i++) v[i] = b.getInt(offset + 4 * i); break;
			case NiftiHeader.FLOAT32: for (int i = 0; i < n; i++) v[i] = b.getFloat(offset + 4 * i); break;
			case NiftiHeader.FLOAT64: for (int i = 0; i < n; i++) v[i] = b.getDouble(offset + 8 * i); break;
			default: throw new AssertionError(type);
		}
		if (scaling != null) for (int i = 0; i < n; i++) v[i] = v[i] * scaling[0] + scaling[1];
		return v;
	}

	/**
	 * Writes {@code labels} (unsigned 16-bit ids, NIfTI order) as a label volume with the geometry of
	 * {@code geometry} ({@link NiftiHeader#forLabels}); gzipped when the name ends in {@code .gz}. The file
	 * appears complete or not at all.
	 */
	public static void writeLabels(Path file, NiftiHeader geometry, short[] labels, String descrip) throws IOException {
		boolean gz = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
		AtomicFile.write(file, out -> writeLabels(out, gz, geometry, labels, descrip));
	}

	/**
	 * Writes to {@code out} the bytes {@link #writeLabels(Path, NiftiHeader, short[], String)} puts in a file,
	 * gzipped if {@code gz}; e.g. for a file system other than the local one. Leaves {@code out} open.
	 */
	public static void writeLabels(OutputStream out, boolean gz, NiftiHeader geometry, short[] labels, String descrip)
		throws IOException
	{
		int[] s = geometry.shape();
		if ((long) s[0] * s[1] * s[2] != labels.length) throw new IllegalArgumentException(labels.length +
			" labels for a " + s[0] + "x" + s[1] + "x" + s[2] + " volume");
		int max = 0;
		for (short l : labels) max = Math.max(max, l & 0xffff);
		NiftiHeader h = geometry.forLabels(max, descrip);
		int width = NiftiHeader.bytesPerVoxel(h.datatype());
		ByteBuffer data = ByteBuffer.allocate((int) h.voxOffset() + labels.length * width).order(h.order());
		data.put(h.bytes()); // then 4 zero extension bytes, already there
		data.position((int) h.voxOffset());
		if (width == 1) for (short l : labels) data.put((byte) l);
		else for (short l : labels) data.putShort(l);
		OutputStream o = gz ? new GZIPOutputStream(out, 1 << 16) : out;
		o.write(data.array());
		if (gz) ((GZIPOutputStream) o).finish();
	}
}
