package org.diffncut.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * What a task may use on its worker: {@code spark.task.cpus} threads, and the GPU Spark gave it
 * ({@code spark.task.resource.gpu.amount=1}), if any.
 */
final class Worker {
	private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

	final String host;
	final int cpus;
	/** The GPU's address (its CUDA index), or -1. */
	final int gpu;

	private Worker(String host, int cpus, int gpu) {
		this.host = host;
		this.cpus = cpus;
		this.gpu = gpu;
	}

	/** The running task's share of its executor (outside a task: one CPU, no GPU). */
	static Worker current() {
		TaskContext task = TaskContext.get();
		int cpus = task == null ? 1 : Math.max(1, task.cpus());
		ResourceInformation g = task == null ? null : task.resourcesJMap().get("gpu");
		int gpu = gpu(g == null ? null : g.addresses());
		// PyTorch's intra-op threads: read once, when the engine starts in this JVM
		if (System.getProperty("ai.djl.pytorch.num_threads") == null)
			System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cpus));
		if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) // as the CLI: one eager stream
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		return new Worker(host(), cpus, gpu);
	}

	/**
	 * The GPU of a task whose {@code gpu} resource has {@code addresses} (null: none): the first address, a CUDA
	 * index as the discovery script printed it; -1 for none.
	 *
	 * @throws IllegalArgumentException if the address is not a CUDA index
	 */
	static int gpu(String[] addresses) {
		if (addresses == null || addresses.length == 0) return -1;
		String a = addresses[0].trim();
		try {
			int index = Integer.parseInt(a);
			if (index >= 0) return index;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("Spark gave this task GPU '" + a + "', not a CUDA index (0, 1, ...): " +
			"make the GPU discovery script print indices, e.g. {\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}");
	}

	/**
	 * Runs {@code work} with {@link #cpus} threads for the Java side: parallel streams inside it (the cut's
	 * products, the label upsampling) run in a pool of that size instead of the JVM-wide common pool.
	 */
	<T> T call(Callable<T> work) throws Exception {
		ForkJoinPool pool = POOLS.computeIfAbsent(cpus, ForkJoinPool::new);
		List<T> result = new ArrayList<>(1);
		List<Exception> failure = new ArrayList<>(1);
		try {
			pool.submit(() -> { // a Runnable: the pool would wrap a Callable's checked exceptions
				try {
					result.add(work.call());
				}
				catch (Exception e) {
					failure.add(e);
				}
			}).get();
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof Error) throw (Error) e.getCause();
			throw e;
		}
		if (!failure.isEmpty()) throw failure.get(0);
		return result.get(0);
	}

	/** This JVM's host name, as the run table shows it. */
	static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException e) {
			return "unknown";
		}
	}
}
