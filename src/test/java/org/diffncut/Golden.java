package org.diffncut;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.diffncut.safetensors.IntegerTensors;
import org.diffncut.safetensors.SafeTensors;

/**
 * Tensors of the diffusers reference run ({@code tiny-sd14/golden.safetensors}, see its README) and the error
 * measure the model tests use against them.
 */
public final class Golden {
	private Golden() {}

	/** The float32 tensor {@code name} of golden.safetensors, row-major. */
	public static float[] floats(String name) {
		try (SafeTensors golden = SafeTensors.open(Fixtures.golden())) {
			return golden.floats(name);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static long[] longs(String name) {
		try (SafeTensors golden = SafeTensors.open(Fixtures.golden())) {
			return IntegerTensors.longs(golden, name);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** ‖actual − expected‖_F / ‖expected‖_F, in double precision. */
	public static double relativeError(float[] expected, float[] actual) {
		if (expected.length != actual.length) throw new AssertionError("expected " + expected.length + " values, got " +
			actual.length);
		double diff = 0, norm = 0;
		for (int i = 0; i < expected.length; i++) {
			double d = (double) actual[i] - expected[i];
			diff += d * d;
			norm += (double) expected[i] * expected[i];
		}
		return Math.sqrt(diff / norm);
	}
}
