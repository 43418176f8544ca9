package dev.scone.fgram.match;

/**
 * A Bloom filter whose probe touches one 64-bit word: the hash picks a word, then {@link #K}
 * bits inside it. It sits in front of the exact tables so that the suffixes that are not
 * f-grams (most probes at a position) are rejected from a few MB that stay in cache, instead
 * of missing in tens of MB of table. No false negatives; false positives only cost a probe.
 *
 * <p>Immutable after {@link #add} calls during build; thread-safe for concurrent reads once
 * published through a final field.
 */
final class BlockedBloomFilter {
  /** Bits set per key inside its word. */
  static final int K = 5;

  private final long[] words;

  /** A filter of about {@code bitsPerKey} bits per key for {@code keys} keys (at least one word). */
  BlockedBloomFilter(int keys, int bitsPerKey) {
    this.words = new long[(int) Math.max(1, ((long) keys * bitsPerKey + 63) / 64)];
  }

  void add(long hash) {
    words[wordIndex(hash)] |= bitsOf(hash);
  }

  boolean mightContain(long hash) {
    long mask = bitsOf(hash);
    return (words[wordIndex(hash)] & mask) == mask;
  }

  long byteSize() {
    return 8L * words.length;
  }

  /** Word from the hash's high 32 bits by multiply-shift (any word count, no modulo). */
  private int wordIndex(long hash) {
    return (int) (((hash >>> 32) * words.length) >>> 32);
  }

  /** K bit positions from 6-bit fields of the hash's low 30 bits (independent of the word). */
  private static long bitsOf(long hash) {
    return (1L << hash) | (1L << (hash >>> 6)) | (1L << (hash >>> 12)) | (1L << (hash >>> 18))
        | (1L << (hash >>> 24));
  }
}
