package org.diffncut.eval;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Maps items on a few daemon threads and hands the results, in input order, to a consumer on the calling thread,
 * never more than two per thread ahead of it: I/O-bound work in parallel, with bounded memory and a
 * single-threaded consumer.
 */
final class OrderedPool<R> implements AutoCloseable {
	private final int threads;
	private final ExecutorService executor;

	OrderedPool(int threads) {
		this.threads = threads;
		this.executor = Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, "diffncut-eval-reader");
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Calls {@code sink} with {@code map(item)} for each item in order. An {@link UncheckedIOException} thrown by
	 * {@code map} comes out as its {@link IOException}; the remaining work is abandoned.
	 */
	<T> void forEachInOrder(List<T> items, Function<T, R> map, Consumer<R> sink) throws IOException {
		ArrayDeque<Future<R>> ahead = new ArrayDeque<>();
		int next = 0;
		while (next < items.size() || !ahead.isEmpty()) {
			while (ahead.size() < 2 * threads && next < items.size()) {
				T item = items.get(next++);
				ahead.add(executor.submit(() -> map.apply(item)));
			}
			sink.accept(take(ahead.poll()));
		}
	}

	private R take(Future<R> future) throws IOException {
		try {
			return future.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted");
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof UncheckedIOException) throw ((UncheckedIOException) cause).getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			if (cause instanceof Error) throw (Error) cause;
			throw new IOException(cause);
		}
	}

	@Override
	public void close() {
		executor.shutdownNow();
	}
}
