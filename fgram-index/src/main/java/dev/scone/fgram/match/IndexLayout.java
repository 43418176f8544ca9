package dev.scone.fgram.match;

import java.util.Arrays;

/**
 * Where each part of an {@link FgramIndex} lives in its {@link SlotMemory}: the filter's words
 * first, then one {@link LengthTable} per length {@code k = 0..maxN} (0 and 1 empty), back to
 * back. Depends only on V, maxN, |F| and the number of f-grams of each length, so the index file
 * stores those and the reader derives the rest exactly as the builder did.
 *
 * @param perLength number of f-grams of each length, indexed by k in [0, maxN]
 */
record IndexLayout(int vocabSize, int maxN, int size, int[] perLength) {
  /** 0.5% false positives with 5-bit patterns (8 and 32 measured no faster); 16-32 after rounding. */
  static final int FILTER_BITS_PER_KEY = 16;

  IndexLayout {
    perLength = perLength.clone();
    if (perLength.length != maxN + 1) {
      throw new IllegalArgumentException(perLength.length + " length counts for maxN " + maxN);
    }
    long sum = 0;
    for (int k = 0; k <= maxN; k++) {
      if (perLength[k] < 0 || (k < 2 && perLength[k] != 0)) {
        throw new IllegalArgumentException(perLength[k] + " f-grams of length " + k);
      }
      sum += perLength[k];
    }
    if (sum != size) throw new IllegalArgumentException("length counts sum to " + sum + ", not |F| = " + size);
  }

  /** The layout for the f-grams of {@code rows}: one pass to count the lengths. */
  static IndexLayout of(FgramRows rows) {
    int[] perLength = new int[rows.maxN() + 1];
    for (int id = 0; id < rows.size(); id++) {
      int k = rows.length(id);
      if (k < 2 || k > rows.maxN()) throw new IllegalArgumentException("f-gram " + id + " has length " + k);
      perLength[k]++;
    }
    return new IndexLayout(rows.vocabSize(), rows.maxN(), rows.size(), perLength);
  }

  SuffixKeys keys() {
    return new SuffixKeys(vocabSize, maxN);
  }

  /** log2 of the filter's word count: 16 to 32 bits per key, a power of two words (>= 2). */
  int filterLog() {
    return BlockedBloomFilter.wordsLog(size, FILTER_BITS_PER_KEY);
  }

  long filterLongs() {
    return 1L << filterLog();
  }

  /** Bits needed for the largest id. */
  int idBits() {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1)));
  }

  /** The longs taken by length k's table. */
  long tableLongs(SuffixKeys keys, int k) {
    return LengthTable.longsNeeded(perLength[k], Long.bitCount(keys.loMask[k]), Long.bitCount(keys.hiMask[k]), idBits());
  }

  /** Index of the first long of length k's table (the filter starts at 0). */
  long tableOffset(SuffixKeys keys, int k) {
    long offset = filterLongs();
    for (int j = 0; j < k; j++) offset += tableLongs(keys, j);
    return offset;
  }

  /** All longs: filter plus tables. */
  long totalLongs() {
    SuffixKeys keys = keys();
    return tableOffset(keys, maxN) + tableLongs(keys, maxN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexLayout l && l.vocabSize == vocabSize && l.maxN == maxN && l.size == size
        && Arrays.equals(l.perLength, perLength);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * vocabSize + maxN) + 31 * size + Arrays.hashCode(perLength);
  }

  @Override
  public String toString() {
    return "IndexLayout[V=" + vocabSize + ", maxN=" + maxN + ", |F|=" + size + ", perLength="
        + Arrays.toString(perLength) + "]";
  }
}
