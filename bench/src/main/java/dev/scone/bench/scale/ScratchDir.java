package dev.scone.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory a large benchmark writes into: created only if the disk has room for what it will
 * write plus a reserve that other users of the disk keep, and removed with everything in it on
 * {@link #close()} (also when the benchmark fails), or by a shutdown hook when the JVM is
 * stopped first (Ctrl-C, SIGTERM; not kill -9): a large scratch file must not outlive its bench.
 */
public final class ScratchDir implements AutoCloseable {
  /** Left free for the other builds sharing the disk. */
  public static final long DEFAULT_RESERVE_BYTES = 8L << 30;

  private final Path dir;
  private final Thread onExit;

  private ScratchDir(Path dir) {
    this.dir = dir;
    this.onExit = new Thread(this::delete, "scone-scratch-cleanup");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /**
   * A fresh directory under {@code parent} for {@code bytes} bytes of output.
   *
   * @throws IllegalStateException naming the sizes when the disk has less than {@code bytes +
   *     reserveBytes} free
   */
  public static ScratchDir create(Path parent, String prefix, long bytes, long reserveBytes) throws IOException {
    Files.createDirectories(parent);
    FileStore store = Files.getFileStore(parent);
    long free = store.getUsableSpace();
    if (free < bytes + reserveBytes) {
      throw new IllegalStateException(String.format(
          "%s: not enough free disk (%.1f GiB free; the bench writes %.1f GiB and leaves %.1f GiB for others);"
              + " free some space or pass a smaller size", parent, gib(free), gib(bytes), gib(reserveBytes)));
    }
    return new ScratchDir(Files.createTempDirectory(parent, prefix));
  }

  public Path path() {
    return dir;
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }

  /** Deletes the directory and everything in it. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook deletes it.
    }
    delete();
  }

  private void delete() {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dir + "; delete it by hand", e);
    }
  }
}
