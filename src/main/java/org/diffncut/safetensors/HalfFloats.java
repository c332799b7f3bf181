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
}
