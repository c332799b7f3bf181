package org.diffncut;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** Polling of a cancel request between steps of the core. */
public final class Cancel {
	private Cancel() {}

	public static final BooleanSupplier NEVER = () -> false;

	/** Throws {@link CancellationException} naming {@code stage} if {@code canceled} answers true. */
	public static void check(BooleanSupplier canceled, String stage) {
		if (canceled.getAsBoolean()) throw new CancellationException("canceled during " + stage);
	}
}
