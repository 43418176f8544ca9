package dev.scone.fgram.match;

import dev.scone.fgram.ngram.NgramPacker;

/**
 * The matcher's key layout: an n-gram packed exactly into two longs, newest token first, so that
 * every suffix ending at a position is a mask of one rolling register.
 *
 * <p>Slot {@code j} holds {@code x[i-j] + 1} in {@code bits} bits (0 means empty); slots {@code
 * 0 .. perWord-1} live in {@code lo}, the rest in {@code hi}. The suffix of length {@code k} is
 * {@code (lo & loMask[k], hi & hiMask[k])}. A key of length {@code k} has exactly {@code k}
 * non-empty slots, so keys of different lengths never collide. This is {@link NgramPacker}'s
 * width and word split with the slot order reversed (NgramPacker puts the first token in slot 0,
 * which would make each suffix a different shift instead of a mask).
 *
 * <p>Immutable and thread-safe.
 */
final class SuffixKeys {
  final int bits;
  final int perWord;
  final int maxN;
  /** Masks of the suffix of length k, indexed by k in [0, maxN]. */
  final long[] loMask;
  final long[] hiMask;
  /** Shift that brings the oldest slot of lo down to slot 0 (it carries into hi). */
  private final int carryShift;
  private final long loKeep;
  private final long hiKeep;

  SuffixKeys(int vocabSize, int maxN) {
    NgramPacker packer = new NgramPacker(vocabSize, maxN); // validates that maxN fits two words
    this.bits = packer.bitsPerToken();
    this.perWord = 64 / bits;
    this.maxN = maxN;
    this.loMask = new long[maxN + 1];
    this.hiMask = new long[maxN + 1];
    for (int k = 0; k <= maxN; k++) {
      loMask[k] = ones(Math.min(k, perWord) * bits);
      hiMask[k] = ones(Math.max(0, k - perWord) * bits);
    }
    this.carryShift = (perWord - 1) * bits;
    this.loKeep = loMask[Math.min(maxN, perWord)];
    this.hiKeep = hiMask[maxN];
  }

  private static long ones(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  /**
   * The register's high word after a push: the oldest slot of {@code lo} carries into it. Call
   * before {@link #pushLo}, with the old {@code lo}.
   */
  long pushHi(long lo, long hi) {
    return ((hi << bits) | (lo >>> carryShift)) & hiKeep;
  }

  /** The register's low word after {@code token} is pushed onto {@code lo}. */
  long pushLo(long lo, int token) {
    return ((lo << bits) | (token + 1L)) & loKeep;
  }

  /** Low word of the key of {@code tokens[start .. start+length)}. */
  long lo(int[] tokens, int start, int length) {
    long word = 0;
    int last = start + length - 1;
    for (int j = 0; j < Math.min(length, perWord); j++) word |= (tokens[last - j] + 1L) << (j * bits);
    return word;
  }

  /** High word of the key of {@code tokens[start .. start+length)}; 0 when it fits the low word. */
  long hi(int[] tokens, int start, int length) {
    long word = 0;
    int last = start + length - 1;
    for (int j = perWord; j < length; j++) word |= (tokens[last - j] + 1L) << ((j - perWord) * bits);
    return word;
  }
}
