package dev.scone.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Dropping Linux's page cache before a cold-read measurement, as root. */
final class PageCache {
  private static final Path DROP = Path.of("/proc/sys/vm/drop_caches");

  private PageCache() {}

  /**
   * {@code sync; echo 3 > /proc/sys/vm/drop_caches}: writes dirty pages back, then drops clean
   * ones (of every process on the machine). Returns false when refused (not root, read-only /proc):
   * the figures that follow are then not cold, and the bench says so.
   */
  static boolean drop() {
    try {
      Process sync = new ProcessBuilder("sync").inheritIO().start();
      sync.waitFor();
      Files.writeString(DROP, "3\n", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
