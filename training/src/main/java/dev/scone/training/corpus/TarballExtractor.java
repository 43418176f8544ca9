package dev.scone.training.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a {@code .tar.gz} into a directory. Only regular files and directories are written;
 * an entry that is absolute, climbs out of the target ({@code ../}), or is a link or device is
 * refused before anything of it is written. Stateless and thread-safe.
 */
final class TarballExtractor {

  private TarballExtractor() {}

  /**
   * Extracts every entry of {@code tarball} under {@code target} (created if missing).
   *
   * @return the number of regular files written
   * @throws CorpusFetchException naming the tarball and entry when an entry is unsafe
   */
  static int extract(Path tarball, Path target) throws IOException {
    Path root = Files.createDirectories(target).toRealPath();
    int files = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path destination = safeDestination(tarball, root, entry);
        if (entry.isDirectory()) {
          Files.createDirectories(destination);
        } else {
          Files.createDirectories(destination.getParent());
          Files.copy(tar, destination);
          files++;
        }
      }
    }
    return files;
  }

  private static Path safeDestination(Path tarball, Path root, TarArchiveEntry entry)
      throws CorpusFetchException {
    String name = entry.getName();
    // isFile() alone is true for links and devices in commons-compress: name them explicitly.
    boolean special = entry.isSymbolicLink() || entry.isLink() || entry.isCharacterDevice()
        || entry.isBlockDevice() || entry.isFIFO();
    if (special || !(entry.isDirectory() || entry.isFile())) {
      throw new CorpusFetchException(tarball + ": entry '" + name
          + "' is a link or special file; expected only regular files and directories");
    }
    Path relative = Path.of(name);
    Path destination = root.resolve(relative).normalize();
    if (relative.isAbsolute() || !destination.startsWith(root) || destination.equals(root)) {
      throw new CorpusFetchException(tarball + ": entry '" + name
          + "' resolves outside the extraction directory " + root + "; refusing the tarball");
    }
    return destination;
  }
}
