package org.diffncut.safetensors;

/** Element types of the safetensors format, with their size in bytes. */
public enum DType {
	F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

	private final int bytes;

	DType(int bytes) {
		this.bytes = bytes;
	}

	public int bytes() {
		return bytes;
	}

	/** The type named {@code code} in a header ("F32", "BF16", ...), or null if the format has no such type here. */
	static DType parse(String code) {
		for (DType t : values())
			if (t.name().equals(code)) return t;
		return null;
	}
}
