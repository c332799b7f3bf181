package org.diffncut.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) single-file header, kept as the bytes it was read from in its own
 * byte order, so that a derived header (the label volume's) copies every field it does not mean to change.
 * Offsets are those of {@code nifti1.h} and {@code nifti2.h}.
 */
public final class NiftiHeader {
	/** NIfTI data type codes this codec reads. */
	public static final int UINT8 = 2, INT16 = 4, INT32 = 8, FLOAT32 = 16, FLOAT64 = 64, UINT16 = 512;
	/** {@code NIFTI_INTENT_LABEL}: the voxels are label ids. */
	public static final int INTENT_LABEL = 1002;

	private final int version;
	private final ByteBuffer bytes; // a private copy, in the file's byte order

	private NiftiHeader(int version, ByteBuffer bytes) {
		this.version = version;
		this.bytes = bytes;
	}

	/**
	 * Parses the first bytes of a file; {@code name} only names it in messages.
	 *
	 * @throws NiftiException when it is no single-file NIfTI-1/2 header or declares an unsupported data type
	 */
	static NiftiHeader parse(byte[] file, String name) throws NiftiException {
		if (file.length < 4) throw new NiftiException(name + ": not a NIfTI file (only " + file.length + " bytes)");
		ByteBuffer b = ByteBuffer.wrap(file);
		int version = 0;
		for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			int size = b.order(order).getInt(0);
			if (size == 348 || size == 540) {
				version = size == 348 ? 1 : 2;
				break;
			}
		}
		if (version == 0) throw new NiftiException(name + ": not a NIfTI file (sizeof_hdr is " +
			b.order(ByteOrder.LITTLE_ENDIAN).getInt(0) + ", not 348 or 540)");
		int size = version == 1 ? 348 : 540;
		if (file.length < size) throw new NiftiException(name + ": truncated NIfTI header (" + file.length +
			" of " + size + " bytes)");
		String magic = new String(file, version == 1 ? 344 : 4, 3, StandardCharsets.ISO_8859_1);
		if (magic.equals("ni" + version)) throw new NiftiException(name + ": a two-file NIfTI header (.hdr/.img); " +
			"convert it to a single .nii file (e.g. nibabel or 'nifti_tool -copy_im')");
		if (!magic.equals("n+" + version) || file[(version == 1 ? 344 : 4) + 3] != 0) throw new NiftiException(name +
			": bad NIfTI-" + version + " magic '" + printable(file, version == 1 ? 344 : 4) + "'; the file is corrupt");
		ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOf(file, size)).order(b.order());
		NiftiHeader h = new NiftiHeader(version, copy);
		h.check(name);
		return h;
	}

	private void check(String name) throws NiftiException {
		int type = datatype();
		if (bytesPerVoxel(type) == 0) throw new NiftiException(name + ": NIfTI data type " + type + " (" +
			typeName(type) + ") is not supported; convert the volume to uint8, int16, uint16, int32, float32 or float64");
		long[] dim = dims();
		if (dim[0] < 1 || dim[0] > 7) throw new NiftiException(name + ": dim[0] = " + dim[0] + " is not 1..7");
		for (int d = 1; d <= dim[0]; d++)
			if (dim[d] < 1) throw new NiftiException(name + ": dim[" + d + "] = " + dim[d] + "; the header is corrupt");
		for (int d = 4; d <= dim[0]; d++)
			if (dim[d] != 1) throw new NiftiException(name + ": a " + dim[0] + "-D volume with dim[" + d + "] = " +
				dim[d] + "; only 3-D volumes (or 4-D with one time point) can be segmented");
		if (voxOffset() < size()) throw new NiftiException(name + ": vox_offset " + voxOffset() + " lies inside the " +
			size() + "-byte header; the header is corrupt");
	}

	/**
	 * A little-endian NIfTI-1 header for float32 voxels over nx × ny × nz with the given spacing (mm) and no
	 * orientation (qform and sform codes 0), for volumes that come from elsewhere (an image stack).
	 */
	public static NiftiHeader create(int nx, int ny, int nz, double[] spacing) {
		ByteBuffer b = ByteBuffer.allocate(348).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 348);
		short[] dim = { 3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1 };
		if (nx < 1 || ny < 1 || nz < 1 || nx > Short.MAX_VALUE || ny > Short.MAX_VALUE || nz > Short.MAX_VALUE)
			throw new IllegalArgumentException("NIfTI-1 dims " + nx + "x" + ny + "x" + nz + " out of range");
		for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, (short) FLOAT32).putShort(72, (short) 32);
		float[] pixdim = { 1, (float) spacing[0], (float) spacing[1], (float) spacing[2], 1, 1, 1, 1 };
		for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, 352).putFloat(112, 1);
		b.put(123, (byte) 2); // NIFTI_UNITS_MM
		put(b, 344, new byte[] { 'n', '+', '1', 0 });
		return new NiftiHeader(1, b);
	}

	public int version() { return version; }
	public ByteOrder order() { return bytes.order(); }
	int size() { return version == 1 ? 348 : 540; }

	/** dim[0..7]: dim[0] the number of dimensions, dim[1..3] the voxels along i, j, k. */
	public long[] dims() {
		long[] d = new long[8];
		for (int i = 0; i < 8; i++) d[i] = version == 1 ? bytes.getShort(40 + 2 * i) : bytes.getLong(16 + 8 * i);
		return d;
	}

	/** Voxels along i, j and k (1 for absent dimensions). */
	public int[] shape() {
		long[] d = dims();
		int[] s = new int[3];
		for (int i = 0; i < 3; i++) s[i] = i < d[0] ? (int) d[i + 1] : 1;
		return s;
	}

	public int datatype() { return version == 1 ? bytes.getShort(70) : bytes.getShort(12); }
	public long voxOffset() { return version == 1 ? (long) bytes.getFloat(108) : bytes.getLong(168); }
	public double sclSlope() { return real(112, 176); }
	public double sclInter() { return real(116, 184); }
	public double calMax() { return real(124, 192); }
	public double calMin() { return real(128, 200); }
	public int intentCode() { return version == 1 ? bytes.getShort(68) : bytes.getInt(504); }
	public int qformCode() { return version == 1 ? bytes.getShort(252) : bytes.getInt(344); }
	public int sformCode() { return version == 1 ? bytes.getShort(254) : bytes.getInt(348); }
	public int xyztUnits() { return version == 1 ? bytes.get(123) & 0xff : bytes.getInt(500); }

	/** pixdim[0..7]: pixdim[0] the qfac, pixdim[1..3] the voxel spacing. */
	public double[] pixdim() { return reals(76, 104, 8); }

	/** quatern_b, c, d, qoffset_x, y, z. */
	public double[] quatern() { return reals(256, 352, 6); }

	/** srow_x, srow_y, srow_z, 12 values. */
	public double[] srow() { return reals(280, 400, 12); }

	public String descrip() {
		int o = version == 1 ? 148 : 240;
		return cString(Arrays.copyOfRange(bytes.array(), o, o + 80));
	}

	/** The factor and offset raw values go through, or null when scl_slope is 0 or not finite (no scaling). */
	double[] scaling() {
		double slope = sclSlope(), inter = sclInter();
		if (slope == 0 || !Double.isFinite(slope)) return null;
		return new double[] { slope, Double.isFinite(inter) ? inter : 0 };
	}

	/**
	 * This header for a label volume of the same geometry: data type uint8 when {@code maxId} ≤ 255, else uint16;
	 * scl_slope 1, scl_inter 0, cal_min 0, cal_max {@code maxId}, intent {@link #INTENT_LABEL} (no parameters, no
	 * name), {@code descrip}, and the voxels right after the header (extensions are dropped: they describe the
	 * input's data). Every other field is copied.
	 */
	public NiftiHeader forLabels(int maxId, String descrip) {
		if (maxId < 0 || maxId > 0xffff) throw new IllegalArgumentException("label id " + maxId + " does not fit uint16");
		ByteBuffer b = ByteBuffer.wrap(bytes.array().clone()).order(bytes.order());
		NiftiHeader h = new NiftiHeader(version, b);
		int type = maxId <= 0xff ? UINT8 : UINT16;
		byte[] d = Arrays.copyOf(descrip.getBytes(StandardCharsets.UTF_8), 80);
		d[79] = 0;
		if (version == 1) {
			b.putShort(70, (short) type).putShort(72, (short) (8 * bytesPerVoxel(type)));
			b.putFloat(108, 352).putFloat(112, 1).putFloat(116, 0).putFloat(124, maxId).putFloat(128, 0);
			b.putFloat(56, 0).putFloat(60, 0).putFloat(64, 0).putShort(68, (short) INTENT_LABEL);
			put(b, 328, new byte[16]);
			put(b, 148, d);
		}
		else {
			b.putShort(12, (short) type).putShort(14, (short) (8 * bytesPerVoxel(type)));
			b.putLong(168, 544).putDouble(176, 1).putDouble(184, 0).putDouble(192, maxId).putDouble(200, 0);
			b.putDouble(80, 0).putDouble(88, 0).putDouble(96, 0).putInt(504, INTENT_LABEL);
			put(b, 508, new byte[16]);
			put(b, 240, d);
		}
		return h;
	}

	/** The header bytes, in its byte order. */
	byte[] bytes() {
		return bytes.array().clone();
	}

	static int bytesPerVoxel(int type) {
		switch (type) {
			case UINT8: return 1;
			case INT16: case UINT16: return 2;
			case INT32: case FLOAT32: return 4;
			case FLOAT64: return 8;
			default: return 0;
		}
	}

	private static String typeName(int type) {
		switch (type) {
			case 32: return "complex64";
			case 128: return "RGB24";
			case 256: return "int8";
			case 768: return "uint32";
			case 1024: return "int64";
			case 1280: return "uint64";
			case 1536: return "float128";
			case 1792: return "complex128";
			case 2048: return "complex256";
			case 2304: return "RGBA32";
			default: return "unknown";
		}
	}

	private double real(int offset1, int offset2) {
		return version == 1 ? bytes.getFloat(offset1) : bytes.getDouble(offset2);
	}

	private double[] reals(int offset1, int offset2, int n) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = version == 1 ? bytes.getFloat(offset1 + 4 * i) : bytes.getDouble(offset2 + 8 * i);
		return v;
	}

	private static void put(ByteBuffer b, int offset, byte[] value) {
		System.arraycopy(value, 0, b.array(), offset, value.length);
	}

	private static String cString(byte[] d) {
		int n = 0;
		while (n < d.length && d[n] != 0) n++;
		return new String(d, 0, n, StandardCharsets.UTF_8);
	}

	private static String printable(byte[] file, int offset) {
		StringBuilder s = new StringBuilder();
		for (int i = offset; i < offset + 4; i++) {
			int c = file[i] & 0xff;
			s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
		}
		return s.toString();
	}
}
