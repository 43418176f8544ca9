package dev.scone.fgram.ngram;

/**
 * Reads a packed n-gram slot by slot, following {@link NgramPacker}'s documented layout (slot
 * {@code j} holds token + 1 in {@code bits} bits; slots {@code 0..perWord-1} in {@code lo}, the
 * rest in {@code hi}): the packed n-prefix of a packed n-gram, the token at a position, and the
 * rank order's tie-break on tokens.
 *
 * <p>The prefix masks are derived by packing a run of all-ones slots with the packer itself, so
 * they agree with it by construction. Immutable and thread-safe.
 */
public final class NgramSlots {
  private final NgramPacker packer;
  private final int bits;
  private final int perWord;
  private final long slotMask;
  private final long[] loMask; // loMask[n]: bits of slots 0..n-1 that live in lo
  private final long[] hiMask; // hiMask[n]: bits of slots 0..n-1 that live in hi

  public NgramSlots(NgramPacker packer) {
    this.packer = packer;
    this.bits = packer.bitsPerToken();
    this.perWord = 64 / bits;
    this.slotMask = (1L << bits) - 1;
    int maxN = packer.maxN();
    int[] ones = new int[maxN];
    java.util.Arrays.fill(ones, (int) slotMask - 1); // token + 1 == all ones in the slot
    loMask = new long[maxN + 1];
    hiMask = new long[maxN + 1];
    for (int n = 1; n <= maxN; n++) {
      loMask[n] = packer.lo(ones, 0, n);
      hiMask[n] = packer.hi(ones, 0, n);
    }
  }

  public NgramPacker packer() {
    return packer;
  }

  /** Low word of the first {@code n} tokens of a packed n-gram at least {@code n} long. */
  public long prefixLo(long lo, int n) {
    return lo & loMask[n];
  }

  /** High word of the first {@code n} tokens of a packed n-gram at least {@code n} long. */
  public long prefixHi(long hi, int n) {
    return hi & hiMask[n];
  }

  /** Token id at {@code position} (no bounds check beyond the packer's maxN). */
  public int token(long lo, long hi, int position) {
    long word = position < perWord ? lo : hi;
    int shift = (position < perWord ? position : position - perWord) * bits;
    return (int) ((word >>> shift) & slotMask) - 1;
  }

  /** Number of tokens of a packed n-gram. */
  public int length(long lo, long hi) {
    return packer.length(lo, hi);
  }

  /**
   * Tie-break of the f-gram rank order on two packed n-grams: length ascending, then tokens
   * ascending (lexicographic). Negative when {@code a} comes first.
   */
  public int compareLengthThenTokens(long loA, long hiA, long loB, long hiB) {
    int lenA = packer.length(loA, hiA);
    int lenB = packer.length(loB, hiB);
    if (lenA != lenB) return Integer.compare(lenA, lenB);
    for (int j = 0; j < lenA; j++) {
      int c = Integer.compare(token(loA, hiA, j), token(loB, hiB, j));
      if (c != 0) return c;
    }
    return 0;
  }
}
