package org.diffncut.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Integer tensors of the goldens (token ids, timesteps, image bytes) as long; the project reads only floats. */
public final class IntegerTensors {
	private IntegerTensors() {}

	/** The elements of an integer tensor (I64, I32, I16, I8, U8) as long, row-major. */
	public static long[] longs(SafeTensors st, String name) throws IOException {
		TensorInfo info = st.info(name);
		ByteBuffer b = st.bytes(name);
		long[] out = new long[(int) info.elements()];
		switch (info.dtype()) {
			case I64: b.asLongBuffer().get(out); break;
			case I32: for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i); break;
			case I16: for (int i = 0; i < out.length; i++) out[i] = b.getShort(2 * i); break;
			case I8: for (int i = 0; i < out.length; i++) out[i] = b.get(i); break;
			case U8: case BOOL: for (int i = 0; i < out.length; i++) out[i] = b.get(i) & 0xff; break;
			default: throw new IllegalArgumentException("tensor '" + name + "' is " + info.dtype() +
				", expected an integer type");
		}
		return out;
	}

}
