package dev.scone.model.bundle;

import dev.scone.fgram.files.FileSha256;

/**
 * One file of a bundle as its manifest records it.
 *
 * @param name a plain file name inside the bundle directory (no separators, not hidden), so a
 *     manifest cannot point a reader at a file elsewhere
 * @param sha256 SHA-256 hex of its bytes
 * @param bytes its size
 */
public record BundleFile(String name, String sha256, long bytes) {
  public BundleFile {
    requirePlainName(name);
    sha256 = FileSha256.requireHex("sha256 of " + name, sha256);
    if (bytes < 0) throw new IllegalArgumentException(name + ": bytes must be >= 0, got " + bytes);
  }

  static void requirePlainName(String name) {
    if (name == null || name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "bundle file names are plain names inside the bundle (no separators, not hidden), got '" + name + "'");
    }
  }
}
