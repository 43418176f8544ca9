package dev.scone.training.corpus;

import java.nio.charset.StandardCharsets;

/**
 * Train / validation / test assignment by document: the first 8 bytes of SHA-256(UTF-8 id) as a
 * number in [0, 1), cut at 0.8 and 0.9. A document's split depends on its id only, so it never
 * changes when other documents are added or removed, and is the same on every JVM.
 */
public enum Split {
  TRAIN(0.0, 0.8),
  VALIDATION(0.8, 0.9),
  TEST(0.9, 1.0);

  private final double from;
  private final double to;

  Split(double from, double to) {
    this.from = from;
    this.to = to;
  }

  /** The split of the document with this id. */
  public static Split of(String documentId) {
    double u = unitInterval(documentId);
    for (Split split : values()) {
      if (u >= split.from && u < split.to) {
        return split;
      }
    }
    throw new IllegalStateException("no split covers " + u); // unreachable: cut-offs tile [0,1)
  }

  /** SHA-256 of the id, top 53 bits of its first 8 bytes, scaled into [0, 1). */
  static double unitInterval(String documentId) {
    byte[] digest = Sha256.newDigest().digest(documentId.getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (digest[i] & 0xFF);
    }
    return (bits >>> 11) * 0x1.0p-53;
  }
}
