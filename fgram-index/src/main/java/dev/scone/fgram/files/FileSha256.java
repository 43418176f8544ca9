package dev.scone.fgram.files;

import dev.scone.fgram.arrow.TableFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SHA-256 of files, as lowercase hex, and the {@code <file>.sha256} sidecar written beside each
 * published file (the {@code sha256sum} format: {@code <hex>  <name>}, so {@code sha256sum -c}
 * checks it). Hashing streams through a 1 MiB buffer: no file is ever copied onto the heap.
 *
 * <p>Stateless and thread-safe.
 */
public final class FileSha256 {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int CHUNK = 1 << 20;

  private FileSha256() {}

  /** A fresh SHA-256 digest (every JDK has one). */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** SHA-256 hex of a whole file. */
  public static String of(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return of(channel);
    }
  }

  /**
   * SHA-256 hex of everything in {@code channel}, read with positional reads so the channel's
   * position is left alone (callers go on to map or read the same open file, which is what makes
   * the check hold for the bytes they use even if the path is renamed over meanwhile).
   */
  public static String of(FileChannel channel) throws IOException {
    MessageDigest digest = newDigest();
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    long position = 0;
    long size = channel.size();
    while (position < size) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n < 0) break;
      position += n;
      buffer.flip();
      digest.update(buffer);
    }
    return hex(digest.digest());
  }

  /**
   * Checks and normalises a SHA-256 hex string to lowercase.
   *
   * @throws IllegalArgumentException unless it is 64 hex digits
   */
  public static String requireHex(String what, String sha256) {
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException(what + " must be 64 hex digits (a SHA-256), got '" + sha256 + "'");
    }
    return sha256.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code s} is 64 hex digits. */
  public static boolean isHex(String s) {
    return s != null && HEX64.matcher(s).matches();
  }

  /** Where the sidecar of {@code file} lives: {@code <file>.sha256}. */
  public static Path sidecarOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  /** The sidecar's text for a file with this hash. */
  static byte[] sidecarText(Path file, String sha256) {
    return (sha256 + "  " + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The SHA-256 recorded in {@code file}'s sidecar, or empty when there is none.
   *
   * @throws TableFormatException when the sidecar exists but does not start with 64 hex digits
   */
  public static Optional<String> readSidecar(Path file) throws IOException {
    Path sidecar = sidecarOf(file);
    if (!Files.isRegularFile(sidecar)) return Optional.empty();
    String text = Files.readString(sidecar, StandardCharsets.UTF_8).strip();
    String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
    if (!isHex(first)) {
      throw new TableFormatException(
          sidecar, "sidecar does not hold a SHA-256 (expected 64 hex digits, found '" + abbreviate(first) + "')");
    }
    return Optional.of(first.toLowerCase(Locale.ROOT));
  }

  /**
   * Verifies {@code channel}'s bytes against {@code expected} when one is given, else against the
   * sidecar when there is one; returns the hash that was checked, or empty when nothing was.
   */
  public static Optional<String> verify(Path file, FileChannel channel, String expected) throws IOException {
    String want = expected != null ? requireHex("expected sha256", expected) : readSidecar(file).orElse(null);
    if (want == null) return Optional.empty();
    String found = of(channel);
    if (!found.equals(want)) {
      String source = expected != null ? "" : " (from " + sidecarOf(file).getFileName() + ")";
      throw new TableFormatException(
          file, "sha256 does not match" + source + " (expected " + want + ", found " + found + ")");
    }
    return Optional.of(found);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
