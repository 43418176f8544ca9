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
 * <p>Its words live in a {@link SlotMemory} from index 0 (native memory, or a mapped index file).
 * Filled during build, then read-only and safe for concurrent reads.
 */
final class BlockedBloomFilter {
  static final int K = 5;
  private static final int PATTERNS = 2048; // 11 bits of hash
  private static final long[] PATTERN = patterns();

  private final SlotMemory words;
  private final long wordCount;
  /** 64 - log2(word count): the word is the hash's top bits, one shift. */
  private final int wordShift;

  /** The filter of {@code 2^log} words at the start of {@code memory}. */
  BlockedBloomFilter(SlotMemory memory, int log) {
    this.words = memory;
    this.wordCount = 1L << log;
    this.wordShift = 64 - log;
  }

  /**
   * log2 of the word count for {@code bitsPerKey} to twice that bits per key for {@code keys}
   * keys: rounded up to a power of two (at least 2) so that picking a word is one shift.
   */
  static int wordsLog(int keys, int bitsPerKey) {
    long wanted = Math.max(2, ((long) keys * bitsPerKey + 63) / 64);
    int log = 64 - Long.numberOfLeadingZeros(wanted - 1);
    if (log > 40) throw new IllegalArgumentException(keys + " keys need a filter over 2^40 words");
    return log;
  }

  void add(long hash) {
    long at = wordIndex(hash);
    words.put(at, words.get(at) | pattern(hash));
  }

  /** Whether the key with this hash may be present (never false for an added key). */
  boolean mightContain(long hash) {
    return passBit(hash) != 0;
  }

  /** {@link #mightContain} as 1 or 0, computed without a branch for the batch loop. */
  int passBit(long hash) {
    long missing = pattern(hash) & ~words.get(wordIndex(hash));
    return (int) (((missing - 1) & ~missing) >>> 63); // top bit set only when missing == 0
  }

  long byteSize() {
    return 8L * wordCount;
  }

  /** The word: the hash's top bits. */
  private long wordIndex(long hash) {
    return hash >>> wordShift;
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
