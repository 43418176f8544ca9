package dev.scone.fgram.match;

/**
 * The longest match computed token by token, for generation: holds the last {@code maxN - 1}
 * tokens of the current document in a two-word register. Fed a document token by token after
 * {@link #reset}, {@link #push} returns exactly what {@link FgramMatcher#rows(int[])} gives for
 * that document. O(maxN) per push, no allocation.
 *
 * <p>Mutable and not thread-safe: one per sequence. Created by {@link FgramMatcher#incremental()}.
 */
public final class IncrementalMatch {
  private final FgramIndex index;
  private final SuffixKeys keys;
  private long lo;
  private long hi;
  private int seen; // tokens of the current document in the register, capped at maxN
  private long position; // tokens pushed since the last reset, for error messages
  private int lastLength;

  IncrementalMatch(FgramIndex index) {
    this.index = index;
    this.keys = index.keys;
  }

  /** Appends {@code token} to the current document and returns the row for its position. */
  public int push(int token) {
    index.checkToken(token, position);
    position++;
    hi = keys.pushHi(lo, hi);
    lo = keys.pushLo(lo, token);
    seen = Math.min(seen + 1, keys.maxN);
    long match = index.longest(lo, hi, seen);
    lastLength = FgramIndex.output(match, token, index.vocabSize, true);
    return FgramIndex.output(match, token, index.vocabSize, false);
  }

  /** The matched length (2..maxN) at the last pushed position, 0 if none matched or none pushed. */
  public int lastLength() {
    return lastLength;
  }

  /** Starts a new document: later matches see none of the tokens pushed so far. */
  public void reset() {
    lo = 0;
    hi = 0;
    seen = 0;
    position = 0;
    lastLength = 0;
  }
}
