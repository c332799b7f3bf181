package org.diffncut.safetensors;

/** IEEE 754 binary16 and bfloat16 conversions (Java 11 has no {@code Float.float16ToFloat}). */
public final class HalfFloats {
	private HalfFloats() {}

	/** bfloat16 is the upper half of a float32. */
	public static float bfloat16ToFloat(short bits) {
		return Float.intBitsToFloat((bits & 0xffff) << 16);
	}

	public static float halfToFloat(short half) {
		int h = half & 0xffff;
		int sign = (h & 0x8000) << 16;
		int exponent = (h >>> 10) & 0x1f;
		int mantissa = h & 0x3ff;
		if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // Inf, NaN
		if (exponent == 0) {
			if (mantissa == 0) return Float.intBitsToFloat(sign); // signed zero
			float subnormal = mantissa * 0x1p-24f; // 2^-14 * m / 2^10
			return sign == 0 ? subnormal : -subnormal;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}

	/** Round-to-nearest-even float32 to binary16, with overflow to infinity. */
	public static short floatToHalf(float value) {
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
