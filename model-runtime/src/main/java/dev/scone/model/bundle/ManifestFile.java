package dev.scone.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes and reads {@code manifest.json}, checking its bytes' SHA-256 against an announcement. */
public final class ManifestFile {
  /** A manifest as read, with the SHA-256 of the bytes it was read from. */
  public record Read(BundleManifest manifest, String sha256) {}

  private ManifestFile() {}

  /** Writes {@code manifest} into {@code dir}; returns the SHA-256 hex of the bytes written. */
  public static String write(BundleManifest manifest, Path dir) throws IOException {
    byte[] bytes = BundleJson.FILES.writeValueAsBytes(manifest);
    Files.write(dir.resolve(BundleManifest.FILE_NAME), bytes);
    return sha256(bytes);
  }

  /**
   * Reads {@code dir}'s manifest, refusing it unless its bytes hash to {@code expectedSha256}
   * (when given) and it parses as a manifest of a format this code reads.
   */
  public static Read read(Path dir, String expectedSha256, String bundle) throws BundleException {
    Path file = dir.resolve(BundleManifest.FILE_NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BundleException(file, "missing (a published bundle always has one)", bundle, e);
    } catch (IOException e) {
      throw new BundleException(file, "cannot be read (" + e + ")", bundle, e);
    }
    String found = sha256(bytes);
    if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(found)) {
      throw new BundleException(file, "sha256 does not match the announcement (expected " + expectedSha256
          + ", found " + found + ")", bundle);
    }
    try {
      JsonNode tree = BundleJson.FILES.readTree(bytes);
      // Optional keys added after format_version 1 (absent in older manifests) read as null.
      if (tree instanceof ObjectNode o && !o.has(FROZEN)) o.putNull(FROZEN);
      return new Read(BundleJson.FILES.treeToValue(tree, BundleManifest.class), found);
    } catch (JsonProcessingException e) {
      throw new BundleException(file, "not a valid manifest: " + BundleJson.why(e), bundle, e);
    } catch (IOException e) {
      throw new BundleException(file, "cannot be read (" + e + ")", bundle, e);
    }
  }

  private static final String FROZEN = "frozen";

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
