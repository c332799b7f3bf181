package org.diffncut.safetensors;

/** float32 to binary16 for tests that write float16 weights; the project itself only reads them. */
public final class Halves {
	private Halves() {}

	/** Round-to-nearest-even float32 to binary16, with overflow to infinity. */
	public static short of(float value) {
		int f = Float.floatToRawIntBits(value);
		int sign = (f >>> 16) & 0x8000;
		int exponent = (f >>> 23) & 0xff;
		int mantissa = f & 0x7fffff;
		if (exponent == 0xff) return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
		int e = exponent - 127 + 15;
		if (e >= 0x1f) return (short) (sign | 0x7c00);
		if (e <= 0) {
			if (e < -10) return (short) sign;
			int m = mantissa | 0x800000;
			int shift = 14 - e;
			int half = m >>> shift;
			int rest = m & ((1 << shift) - 1), mid = 1 << (shift - 1);
			if (rest > mid || (rest == mid && (half & 1) != 0)) half++;
			return (short) (sign | half);
		}
		int half = (e << 10) | (mantissa >>> 13);
		int rest = mantissa & 0x1fff;
		if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) half++;
		return (short) (sign | half);
	}
}
