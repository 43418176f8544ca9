package dev.scone.fgram.ngram;

import java.util.Arrays;

/**
 * Packs an n-gram of token ids into two longs, exactly (no hashing), so that primitive hash
 * tables can key on it without boxing.
 *
 * <p>Slot {@code j} holds {@code tokens[start + j] + 1} in {@code bits} bits, so an empty slot is 0
 * and the length is implied. Slots {@code 0 .. perWord-1} live in {@code lo}, the rest in {@code
 * hi}. With GPT-2's 50,257 tokens a slot is 16 bits wide and up to 8 tokens fit.
 *
 * <p>Immutable and thread-safe.
 */
public final class NgramPacker {
  private final int vocabSize;
  private final int bits;
  private final int perWord;
  private final int maxN;
  private final long slotMask;

  public NgramPacker(int vocabSize, int maxN) {
    if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
    this.vocabSize = vocabSize;
    this.bits = 64 - Long.numberOfLeadingZeros(vocabSize); // enough for values 1..vocabSize
    this.perWord = 64 / bits;
    if (maxN < 1 || maxN > 2 * perWord) {
      throw new IllegalArgumentException(
          "maxN " + maxN + " does not fit two 64-bit words at " + bits + " bits per token (max "
              + 2 * perWord + ")");
    }
    this.maxN = maxN;
    this.slotMask = (1L << bits) - 1;
  }

  /** V: token ids {@code 0 .. V-1} are packable. */
  public int vocabSize() {
    return vocabSize;
  }

  public int maxN() {
    return maxN;
  }

  public int bitsPerToken() {
    return bits;
  }

  /**
   * Whether {@code ngram} has a packed form here: {@code 1..maxN} tokens, each in {@code [0,
   * vocabSize)}. {@link #lo} and {@link #hi} do not check this; a lookup by untrusted tokens does.
   */
  public boolean fits(int[] ngram) {
    if (ngram.length < 1 || ngram.length > maxN) return false;
    for (int t : ngram) if (t < 0 || t >= vocabSize) return false;
    return true;
  }

  /** Low word of {@code tokens[start .. start+n)}. */
  public long lo(int[] tokens, int start, int n) {
    long word = 0;
    int end = Math.min(n, perWord);
    for (int j = 0; j < end; j++) word |= (tokens[start + j] + 1L) << (j * bits);
    return word;
  }

  /** High word of {@code tokens[start .. start+n)}; 0 when the n-gram fits the low word. */
  public long hi(int[] tokens, int start, int n) {
    long word = 0;
    for (int j = perWord; j < n; j++) word |= (tokens[start + j] + 1L) << ((j - perWord) * bits);
    return word;
  }

  /** Number of tokens in a packed n-gram. */
  public int length(long lo, long hi) {
    int n = 0;
    while (n < perWord && ((lo >>> (n * bits)) & slotMask) != 0) n++;
    if (n < perWord) return n;
    while (n < 2 * perWord && ((hi >>> ((n - perWord) * bits)) & slotMask) != 0) n++;
    return n;
  }

  /** The token ids of a packed n-gram. */
  public int[] unpack(long lo, long hi) {
    int[] out = new int[length(lo, hi)];
    for (int j = 0; j < out.length; j++) {
      long word = j < perWord ? lo : hi;
      int shift = (j < perWord ? j : j - perWord) * bits;
      out[j] = (int) ((word >>> shift) & slotMask) - 1;
    }
    return out;
  }

  /** A well-mixed 64-bit hash of a packed n-gram (for open addressing; not a fingerprint). */
  public static long mix(long lo, long hi) {
    long h = lo * 0x9E3779B97F4A7C15L + hi * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return h;
  }

  @Override
  public String toString() {
    return "NgramPacker[bits=" + bits + ", maxN=" + maxN + ", perWord=" + perWord + "]";
  }

  /** For error messages. */
  public static String show(int[] tokens) {
    return Arrays.toString(tokens);
  }
}
