package org.diffncut.model;

import java.util.Locale;

/**
 * How PyTorch's CPU tensors get their memory (Linux with glibc): large tensors on transparent huge pages, and the
 * memory of freed tensors kept for the next ones rather than returned to the system and faulted in again, page by
 * page, the next time. A pass allocates and frees a few thousand activations of 1–130 MB; with glibc's defaults
 * their page faults and the kernel's zeroing took more time than the arithmetic (bench-model on two cores: the
 * VAE 16 s and the UNet 14 s, against 7 s and 6 s tuned; a 4096-token attention layer 0.75 s against 0.25 s).
 * <p>
 * The settings are process-wide and must precede PyTorch's first allocation; {@link PyTorchEngine} applies them
 * when it is first used, and a model is placed through it before it allocates anything. Memory freed by PyTorch
 * then stays with the process for reuse, as with a caching allocator. glibc's own memory can come in huge pages too,
 * but only by a setting read as the process starts ({@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1}), which the
 * launch scripts make ({@code scripts/huge-pages.bash}).
 */
final class NativeMemory {
	private NativeMemory() {}

	/**
	 * PyTorch's switch for huge pages: CPU tensors of 2 MB or more are allocated 2 MB-aligned and
	 * {@code madvise(MADV_HUGEPAGE)}d, one fault per 2 MB instead of per 4 kB. Read once, at PyTorch's first
	 * allocation.
	 */
	static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";

	/** glibc's {@code mallopt} parameters (malloc.h). */
	private static final int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;

	/**
	 * Allocations below this come from malloc's arenas, and their memory is reused after a free; above it, each is a
	 * fresh mapping. 32 MiB is glibc's largest accepted value (half its 64 MiB arena heaps). Setting it also stops
	 * glibc from moving the threshold as it goes.
	 */
	static final int MMAP_THRESHOLD = 32 << 20;

	/**
	 * Free memory at the top of an arena heap is returned to the system only beyond this; above the 64 MiB of a
	 * per-thread arena's heap, such heaps keep their memory.
	 */
	static final int TRIM_THRESHOLD = 128 << 20;

	/** Applies the settings on Linux; elsewhere (or without glibc) PyTorch allocates as it would by default. */
	static void tune() {
		if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")) return;
		try {
			C.LIBRARY.setenv(HUGE_PAGES, "1", 0); // unless the environment says otherwise
			C.LIBRARY.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
			C.LIBRARY.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
		}
		catch (UnsatisfiedLinkError | RuntimeException e) {
			// another C library (musl has no mallopt) or no JNA dispatch: default allocation, only slower
		}
	}

	/** The C library through JNA (a dependency of DJL): Java cannot set its own environment or malloc options. */
	interface C extends com.sun.jna.Library {
		C LIBRARY = com.sun.jna.Native.load("c", C.class);

		int setenv(String name, String value, int overwrite);

		int mallopt(int parameter, int value);
	}
}
