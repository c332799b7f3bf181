package org.diffncut.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/**
 * The PyTorch engine, or one message that says how to get it. DJL finds PyTorch's native library on the class
 * path (the {@code pytorch-native-cpu} jar of the platform) or downloads it on first use; offline and without
 * that jar it fails with an exception about an index file, which tells a user nothing.
 */
public final class PyTorchEngine {
	private PyTorchEngine() {}

	/** What to do when the engine is missing; names the jar for this platform. */
	static final String HOW_TO_GET_IT = "PyTorch's native library is missing and could not be downloaded " +
		"(offline?): put pytorch-native-cpu-" + pytorchVersion() + "-" + platform() + ".jar (Maven Central, " +
		"ai.djl.pytorch) on the class path (Fiji: the Diffusion NCut update site ships it in jars/<platform>/; CLI: " +
		"target/lib), or go online once so that DJL downloads it into ~/.djl.ai";

	static {
		NativeMemory.tune(); // before PyTorch's first allocation
	}

	/**
	 * The loaded engine.
	 *
	 * @throws IllegalStateException with {@link #HOW_TO_GET_IT} when the native library cannot be found or fetched
	 */
	public static Engine get() {
		try {
			return Engine.getEngine("PyTorch");
		}
		catch (EngineException | UnsatisfiedLinkError | IllegalArgumentException e) {
			throw new IllegalStateException(HOW_TO_GET_IT + " (" + firstLine(e) + ")", e);
		}
	}

	/** The PyTorch version DJL's engine expects, from the engine jar. */
	static String pytorchVersion() {
		Properties p = new Properties();
		try (InputStream in = Engine.class.getClassLoader().getResourceAsStream("pytorch-engine.properties")) {
			if (in != null) p.load(in);
		}
		catch (IOException e) {
			// only the message loses its version
		}
		return p.getProperty("pytorch_version", "<version>");
	}

	/** DJL's platform classifier of this machine, e.g. linux-x86_64. */
	static String platform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch");
		String osName = os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : "linux";
		String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ? "aarch64"
			: arch;
		return osName + "-" + archName;
	}

	private static String firstLine(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		return Placement.firstLine(root);
	}
}
