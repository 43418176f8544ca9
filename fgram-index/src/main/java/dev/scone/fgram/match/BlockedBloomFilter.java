package dev.scone.fgram.match;

import java.util.SplittableRandom;

/**
 * A Bloom filter whose probe reads one 64-bit word: the hash picks a word, and a precomputed
 * pattern of {@link #K} bits inside it. It sits in front of the exact tables so that suffixes
 * that are not f-grams (most probes at a position) are rejected from a few MB instead of
 * missing in tens of MB of table. No false negatives; a false positive only costs a table probe
 * (0.5% of non-member suffixes at 16 bits per key, measured on 1 M f-grams of SOTU tokens).
 *
 * <p>The pattern comes from a table of {@link #PATTERNS} masks (16 KiB, stays in L1) rather than
 * K shifts per probe: one load instead of ten ALU operations, on the matcher's hottest line.
 *
 * <p>Filled during build, then read-only and safe for concurrent reads.
 */
final class BlockedBloomFilter {
  static final int K = 5;
  private static final int PATTERNS = 2048; // 11 bits of hash
  private static final long[] PATTERN = patterns();

  private final long[] words;
  /** 64 - log2(words.length): the word is the hash's top bits, one shift. */
  private final int wordShift;

  /**
   * A filter of {@code bitsPerKey} to twice that bits per key for {@code keys} keys: the word
   * count is rounded up to a power of two (at least 2) so that picking a word is one shift.
   */
  BlockedBloomFilter(int keys, int bitsPerKey) {
    long wanted = Math.max(2, ((long) keys * bitsPerKey + 63) / 64);
    int log = 64 - Long.numberOfLeadingZeros(wanted - 1);
    if (log > 30) throw new IllegalArgumentException(keys + " keys need a filter over 2^30 words");
    this.words = new long[1 << log];
    this.wordShift = 64 - log;
  }

  void add(long hash) {
    words[wordIndex(hash)] |= pattern(hash);
  }

  /** Whether the key with this hash may be present (never false for an added key). */
  boolean mightContain(long hash) {
    return passBit(hash) != 0;
  }

  /** {@link #mightContain} as 1 or 0, computed without a branch for the batch loop. */
  int passBit(long hash) {
    long missing = pattern(hash) & ~words[wordIndex(hash)];
    return (int) (((missing - 1) & ~missing) >>> 63); // top bit set only when missing == 0
  }

  long byteSize() {
    return 8L * words.length;
  }

  /** The word: the hash's top bits. */
  private int wordIndex(long hash) {
    return (int) (hash >>> wordShift);
  }

  /** The pattern: the 11 bits just below the word's, so word and pattern are independent. */
  private long pattern(long hash) {
    return PATTERN[(int) (hash >>> (wordShift - 11)) & (PATTERNS - 1)];
  }

  /** K distinct bit positions per pattern, from a fixed seed so filters are reproducible. */
  private static long[] patterns() {
    SplittableRandom random = new SplittableRandom(0x5C0E_F11EL);
    long[] out = new long[PATTERNS];
    for (int p = 0; p < PATTERNS; p++) {
      while (Long.bitCount(out[p]) < K) out[p] |= 1L << random.nextInt(64);
    }
    return out;
  }
}
