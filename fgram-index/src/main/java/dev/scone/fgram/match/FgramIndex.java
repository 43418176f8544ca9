package dev.scone.fgram.match;

import dev.scone.fgram.vocab.FgramVocabulary;

/**
 * The lookup structures behind {@link FgramMatcher}: the key layout ({@link SuffixKeys}), one
 * {@link BlockedBloomFilter} over all f-grams, and one exact {@link LengthTable} per length, all
 * tables in one shared {@code long[]}. Also the one-position-at-a-time longest match, used by
 * {@link IncrementalMatch}, short documents and {@link BlockMatch}'s rare slow path.
 *
 * <p>A match is passed around as one long, {@link #encode}d as {@code (id << 8) | length}, or -1.
 *
 * <p>Immutable once built; safe for concurrent reads.
 */
final class FgramIndex {
  /** 0.5% false positives with 5-bit patterns (8 and 32 measured no faster); 16-32 after rounding. */
  private static final int FILTER_BITS_PER_KEY = 16;

  final int vocabSize;
  final int maxN;
  final int size;
  final SuffixKeys keys;
  final BlockedBloomFilter filter;
  /** Index k in [0, maxN]; 0 and 1 are empty stand-ins so that lookups need no branch. */
  final LengthTable[] tables;

  FgramIndex(FgramVocabulary vocab) {
    this.vocabSize = vocab.meta().vocabSize();
    this.maxN = vocab.meta().maxN();
    this.size = vocab.size();
    this.keys = new SuffixKeys(vocabSize, maxN);
    this.filter = new BlockedBloomFilter(size, FILTER_BITS_PER_KEY);
    this.tables = emptyTables(vocab);
    int[] gram = new int[maxN];
    for (int id = 0; id < size; id++) { // rank order: frequent f-grams take their home entries first
      int k = vocab.length(id);
      for (int j = 0; j < k; j++) gram[j] = vocab.token(id, j);
      long lo = keys.lo(gram, 0, k);
      long hi = keys.hi(gram, 0, k);
      long hash = hash(lo, hi);
      filter.add(hash);
      tables[k].putIfAbsent(lo, hi, hash, id);
    }
  }

  /** One table per length, sized for the vocabulary's f-grams of that length, sharing one array. */
  private LengthTable[] emptyTables(FgramVocabulary vocab) {
    int[] perLength = new int[maxN + 1];
    for (int id = 0; id < size; id++) perLength[vocab.length(id)]++;
    int idBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1)));
    long[] longs = new long[maxN + 1];
    long total = 0;
    for (int k = 0; k <= maxN; k++) {
      longs[k] = LengthTable.longsNeeded(perLength[k], loBits(k), hiBits(k), idBits);
      total += longs[k];
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(size + " f-grams need " + total + " table longs; at most 2^31 fit");
    }
    long[] slots = new long[(int) total];
    LengthTable[] out = new LengthTable[maxN + 1];
    int offset = 0;
    for (int k = 0; k <= maxN; k++) {
      out[k] = new LengthTable(slots, offset, perLength[k], loBits(k), hiBits(k), idBits);
      offset += (int) longs[k];
    }
    return out;
  }

  private int loBits(int length) {
    return Long.bitCount(keys.loMask[length]);
  }

  private int hiBits(int length) {
    return Long.bitCount(keys.hiMask[length]);
  }

  /** Memory held by the filter and tables, in bytes. */
  long byteSize() {
    long bytes = filter.byteSize();
    for (LengthTable table : tables) bytes += table.byteSize();
    return bytes;
  }

  /** The id of {@code tokens[start .. start+length)} ({@code 2 <= length <= maxN}, tokens valid), or -1. */
  int idOf(int[] tokens, int start, int length) {
    long lo = keys.lo(tokens, start, length);
    long hi = keys.hi(tokens, start, length);
    return tables[length].find(lo, hi, hash(lo, hi));
  }

  /**
   * The longest f-gram among the last {@code avail} (<= maxN) tokens packed in {@code (lo, hi)},
   * or -1 when none of lengths 2..avail is in F.
   */
  long longest(long lo, long hi, int avail) {
    int candidates = 0;
    for (int k = 2; k <= avail; k++) {
      candidates |= filter.mightContain(hash(lo & keys.loMask[k], hi & keys.hiMask[k])) ? 1 << k : 0;
    }
    return longestAmong(candidates, lo, hi);
  }

  /** The longest f-gram among the lengths whose bit is set in {@code candidates}, or -1. */
  long longestAmong(int candidates, long lo, long hi) {
    while (candidates != 0) {
      int k = 31 - Integer.numberOfLeadingZeros(candidates);
      long kl = lo & keys.loMask[k];
      long kh = hi & keys.hiMask[k];
      int id = tables[k].find(kl, kh, hash(kl, kh));
      if (id >= 0) return encode(id, k);
      candidates ^= 1 << k;
    }
    return -1;
  }

  static long encode(int id, int length) {
    return ((long) id << 8) | length;
  }

  /** What a batch call writes for a position: its row, or its matched length (0 if none). */
  static int output(long match, int token, int vocabSize, boolean lengths) {
    if (lengths) return match < 0 ? 0 : (int) (match & 0xFF);
    return match < 0 ? token : vocabSize + (int) (match >>> 8);
  }

  /**
   * The filter hash of a key: one multiply for one-word keys (the high word is then 0). Its top
   * bits pick the filter word; {@link LengthTable#home} remixes it for the table.
   */
  static long hash(long lo, long hi) {
    return (lo ^ (hi * 0xC2B2AE3D27D4EB4FL)) * 0x9E3779B97F4A7C15L;
  }

  /** The token itself, after checking it lies in {@code [0, vocabSize)}. */
  int checkToken(int token, long position) {
    if (token < 0 || token >= vocabSize) {
      throw new IllegalArgumentException(
          "token " + token + " at position " + position + " is outside [0, " + vocabSize + ")");
    }
    return token;
  }
}
