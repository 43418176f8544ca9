package dev.scone.counting.bench;

/**
 * An estimate, not a measurement, of the heap the count step's keyed {@code ValueState<Long>}
 * holds per distinct n-gram in Flink's heap backend, on a 64-bit JVM with compressed oops (heap
 * under 32 GiB):
 *
 * <pre>
 * state map entry  40 B  (12 B header, key/namespace/state/next refs 4 x 4 B, 3 ints version/version/hash)
 * PackedKey        32 B  (12 B header + lo, hi 2 x 8 B, aligned to 8)
 * Long count       16 B  (upper bound: counts in -128..127 share the JDK's cached Longs)
 * table slot      5.3 B  (one 4 B reference at the map's 0.75 load factor)
 * </pre>
 *
 * Serialized in a checkpoint the same entry is about 16 B key + 8 B value + framing.
 */
final class HeapStateEstimate {
  /** Bytes per distinct n-gram, see the class comment. */
  static final double BYTES_PER_KEY = 40 + 32 + 16 + 4 / 0.75;

  private HeapStateEstimate() {}

  /** Estimated bytes of keyed count state for {@code distinctNgrams} keys. */
  static double bytes(long distinctNgrams) {
    return distinctNgrams * BYTES_PER_KEY;
  }
}
