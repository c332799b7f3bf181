package org.diffncut.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.diffncut.io.AtomicFile;

/**
 * Files named by URI ({@code file://}, {@code hdfs://}, {@code s3a://}, or a plain path on the driver's file
 * system) through Hadoop's {@link FileSystem}, with the driver's Hadoop configuration, so that the workers see the
 * same file systems. Files are written atomically: to a hidden {@code .part} sibling, then renamed into place; no
 * checksum sidecars ({@code .crc}) are left beside them.
 */
final class HadoopFiles implements Serializable {
	private static final long serialVersionUID = 1L;

	private final SerializableWritable<Configuration> conf;

	HadoopFiles(Configuration conf) {
		this.conf = new SerializableWritable<>(conf);
	}

	/** {@code path} made absolute and given its file system's scheme, so that it means the same on every node. */
	String qualify(String path) throws IOException {
		Path p = new Path(path);
		return fs(p).makeQualified(p).toString();
	}

	boolean exists(String uri) throws IOException {
		Path p = new Path(uri);
		return fs(p).exists(p);
	}

	boolean isDirectory(String uri) throws IOException {
		Path p = new Path(uri);
		return fs(p).isDirectory(p);
	}

	InputStream open(String uri) throws IOException {
		Path p = new Path(uri);
		return fs(p).open(p);
	}

	/** The files under {@code dir} (its subfolders too if {@code recursive}) whose name passes, sorted by URI. */
	List<String> list(String dir, boolean recursive, Predicate<String> name) throws IOException {
		List<String> found = new ArrayList<>();
		Path root = new Path(dir);
		list(fs(root), root, recursive, name, found);
		found.sort(null);
		return found;
	}

	private static void list(FileSystem fs, Path dir, boolean recursive, Predicate<String> name, List<String> found)
		throws IOException
	{
		for (FileStatus s : fs.listStatus(dir)) {
			String n = s.getPath().getName();
			if (n.startsWith(".") || n.startsWith("_")) continue; // hidden, or Hadoop's _SUCCESS / _temporary
			if (s.isDirectory()) {
				if (recursive) list(fs, s.getPath(), true, name, found);
			}
			else if (name.test(n)) found.add(s.getPath().toString());
		}
	}

	/** Writes {@code uri} so that it appears complete or not at all, replacing an existing file. */
	void write(String uri, AtomicFile.Body body) throws IOException {
		Path target = new Path(uri);
		FileSystem fs = fs(target);
		fs.mkdirs(target.getParent());
		Path tmp = new Path(target.getParent(), "." + target.getName() + "." +
			Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
		try {
			try (OutputStream out = fs.create(tmp, false)) {
				body.write(out);
			}
			if (!fs.rename(tmp, target)) { // HDFS and object stores refuse to rename onto an existing file
				fs.delete(target, false);
				if (!fs.rename(tmp, target)) throw new IOException(uri + ": cannot move " + tmp + " into place");
			}
		}
		finally {
			fs.delete(tmp, false);
		}
	}

	private FileSystem fs(Path p) throws IOException {
		FileSystem fs = p.getFileSystem(conf.value());
		fs.setWriteChecksum(false);
		return fs;
	}
}
