package org.diffncut.ij;

import java.lang.reflect.Field;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;

/**
 * Opens image files with ImageJ for a batch, so that a bad file becomes an exception (a failed row) and the batch
 * goes on. Inside a macro, ImageJ's opener reports a bad file by aborting the calling macro with a modal
 * "Macro Error" dialog, which waits forever in an unattended run; while a file opens, the macro is detached from
 * ImageJ's error reporting and the errors go to the log.
 */
final class ImageFiles {
	private ImageFiles() {}

	/** @throws IllegalArgumentException naming the file and ImageJ's reason, when it cannot be opened */
	static ImagePlus open(Path file) {
		Object macro = swap(IJ.class, "macroInterpreter", null);
		IJ.redirectErrorMessages(true);
		try {
			ImagePlus imp = IJ.openImage(file.toString());
			String error = IJ.getErrorMessage();
			if (imp == null || imp.getProcessor() == null) throw new IllegalArgumentException(file.getFileName() +
				" cannot be opened as an image" + (error == null ? "" : " (" + error.trim() + ")") + ": fix or remove it");
			return imp;
		}
		catch (RuntimeException e) {
			if (e instanceof IllegalArgumentException) throw e;
			throw new IllegalArgumentException(file.getFileName() + " cannot be opened as an image (" + e + "): fix or " +
				"remove it", e);
		}
		finally {
			IJ.redirectErrorMessages(false);
			swap(Macro.class, "abort", false); // an error the opener reported must not abort the batch's macro later
			swap(IJ.class, "macroInterpreter", macro);
		}
	}

	/** Sets a static field of ImageJ and returns its old value; a no-op (null) where this ImageJ lacks it. */
	private static Object swap(Class<?> owner, String name, Object value) {
		try {
			Field f = owner.getDeclaredField(name);
			f.setAccessible(true);
			Object old = f.get(null);
			f.set(null, value);
			return old;
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}
}
