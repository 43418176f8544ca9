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
 * {@link #close()} (also when the benchmark fails).
 */
public final class ScratchDir implements AutoCloseable {
  /** Left free for the other builds sharing the disk. */
  public static final long DEFAULT_RESERVE_BYTES = 8L << 30;

  private final Path dir;

  private ScratchDir(Path dir) {
    this.dir = dir;
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
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dir + "; delete it by hand", e);
    }
  }
}
