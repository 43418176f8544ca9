package dev.scone.fgram.match;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.vocab.FgramVocabulary;

/**
 * The paper's longest-match rule over an {@link FgramVocabulary} F. At position {@code i} of a
 * document {@code x[0..T)} the match is the longest {@code σ = x[i-k+1..i]} with {@code 2 <= k
 * <= maxN} and {@code σ ∈ F}; the row is {@code vocabSize + id(σ)} if there is one, else {@code
 * x[i]}. Matching never crosses a document boundary. Correct for any F: no prefix or suffix
 * closure is assumed, every length is probed from the longest down.
 *
 * <p>How: the suffixes ending at a position are masks of one rolling two-word register ({@link
 * SuffixKeys}); a one-word-per-probe {@link BlockedBloomFilter} rejects most non-members from a
 * few MB; survivors probe an exact open-addressing {@link LengthTable} per length. Measured by
 * {@code dev.scone.fgram.bench.MatchBench}.
 *
 * <p>Immutable and thread-safe once built. Arguments must not be null. Tokens must lie in {@code
 * [0, vocabSize)}. A batch call costs O(T · (maxN - 1)) filter probes and about one table probe
 * per matched position. When F repeats an n-gram (possible if its counts differ), the lowest id
 * wins.
 */
public final class FgramMatcher {
  private static final int FILTER_BITS_PER_KEY = 16;

  private final int vocabSize;
  private final int maxN;
  private final int size;
  private final SuffixKeys keys;
  private final BlockedBloomFilter filter;
  /** Index k in [2, maxN]; slots 0 and 1 are unused. */
  private final LengthTable[] tables;

  private FgramMatcher(FgramVocabulary vocab) {
    FgramVocabulary.Meta meta = vocab.meta();
    this.vocabSize = meta.vocabSize();
    this.maxN = meta.maxN();
    this.size = vocab.size();
    this.keys = new SuffixKeys(vocabSize, maxN);
    this.filter = new BlockedBloomFilter(size, FILTER_BITS_PER_KEY);
    int[] perLength = new int[maxN + 1];
    for (int id = 0; id < size; id++) perLength[vocab.length(id)]++;
    this.tables = new LengthTable[maxN + 1];
    for (int k = 2; k <= maxN; k++) tables[k] = new LengthTable(perLength[k], k > keys.perWord);
    int[] gram = new int[maxN];
    for (int id = 0; id < size; id++) {
      int k = vocab.length(id);
      for (int j = 0; j < k; j++) gram[j] = vocab.token(id, j);
      long lo = keys.lo(gram, 0, k);
      long hi = keys.hi(gram, 0, k);
      long hash = NgramPacker.mix(lo, hi);
      filter.add(hash);
      tables[k].putIfAbsent(lo, hi, hash, id);
    }
  }

  /** Builds the matcher for {@code vocab}; O(|F|) time. */
  public static FgramMatcher build(FgramVocabulary vocab) {
    return new FgramMatcher(vocab);
  }

  /** V: rows below it are tokens, rows from it on are f-grams. */
  public int vocabSize() {
    return vocabSize;
  }

  public int maxN() {
    return maxN;
  }

  /** |F|, the number of f-grams (rows {@code [vocabSize, vocabSize + size)}). */
  public int size() {
    return size;
  }

  /** Memory held by the filter and tables, in bytes. */
  public long byteSize() {
    long bytes = filter.byteSize();
    for (int k = 2; k <= maxN; k++) bytes += tables[k].byteSize();
    return bytes;
  }

  /**
   * The id of f-gram {@code tokens[start .. start+length)}, or -1 when it is not in F (always
   * so for a length outside {@code [2, maxN]}).
   */
  public int idOf(int[] tokens, int start, int length) {
    if (start < 0 || length < 0 || start > tokens.length - length) {
      throw new IndexOutOfBoundsException(
          "n-gram [" + start + ", " + start + "+" + length + ") outside tokens of length " + tokens.length);
    }
    if (length < 2 || length > maxN) return -1;
    for (int j = start; j < start + length; j++) {
      if (tokens[j] < 0 || tokens[j] >= vocabSize) return -1;
    }
    long lo = keys.lo(tokens, start, length);
    long hi = keys.hi(tokens, start, length);
    return tables[length].find(lo, hi, NgramPacker.mix(lo, hi));
  }

  /** The rows of one document, one per token. */
  public int[] rows(int[] documentTokens) {
    int[] out = new int[documentTokens.length];
    rows(documentTokens, 0, documentTokens.length, out, 0);
    return out;
  }

  /** Writes the rows of the document {@code tokens[from, to)} to {@code out[outOffset ..]}. */
  public void rows(int[] tokens, int from, int to, int[] out, int outOffset) {
    scan(tokens, from, to, out, outOffset, false);
  }

  /**
   * The rows of a flat token array holding several documents back to back: a document starts
   * at 0 and at each offset in {@code docStarts} (non-decreasing, within {@code [0,
   * tokens.length]}; repeats mean empty documents).
   */
  public int[] rows(int[] tokens, int[] docStarts) {
    int[] out = new int[tokens.length];
    int from = 0;
    for (int d = 0; d <= docStarts.length; d++) {
      int to = d < docStarts.length ? docStarts[d] : tokens.length;
      if (to < from || to > tokens.length) {
        throw new IllegalArgumentException(
            "docStarts[" + d + "] = " + to + ": expected non-decreasing offsets in [" + from + ", "
                + tokens.length + "]");
      }
      scan(tokens, from, to, out, from, false);
      from = to;
    }
    return out;
  }

  /** The matched length (2..maxN) per position of one document, 0 where nothing matched. */
  public int[] matchLengths(int[] documentTokens) {
    int[] out = new int[documentTokens.length];
    matchLengths(documentTokens, 0, documentTokens.length, out, 0);
    return out;
  }

  /** Writes the matched lengths of the document {@code tokens[from, to)} to {@code out[outOffset ..]}. */
  public void matchLengths(int[] tokens, int from, int to, int[] out, int outOffset) {
    scan(tokens, from, to, out, outOffset, true);
  }

  /** A fresh incremental matcher for one sequence (for generation); not thread-safe. */
  public IncrementalMatch incremental() {
    return new IncrementalMatch(this, keys);
  }

  /** The hot loop: one register push and one {@link #longest} per token. */
  private void scan(int[] tokens, int from, int to, int[] out, int outOffset, boolean lengths) {
    if (from < 0 || to > tokens.length || from > to) {
      throw new IndexOutOfBoundsException(
          "document [" + from + ", " + to + ") outside tokens of length " + tokens.length);
    }
    if (outOffset < 0 || outOffset > out.length - (to - from)) {
      throw new IndexOutOfBoundsException(
          (to - from) + " outputs at offset " + outOffset + " do not fit out of length " + out.length);
    }
    long lo = 0;
    long hi = 0;
    for (int i = from; i < to; i++) {
      int token = checkToken(tokens[i], i);
      hi = keys.pushHi(lo, hi);
      lo = keys.pushLo(lo, token);
      long match = longest(lo, hi, Math.min(i - from + 1, maxN));
      if (lengths) out[outOffset + i - from] = match < 0 ? 0 : (int) (match & 0xFF);
      else out[outOffset + i - from] = match < 0 ? token : vocabSize + (int) (match >>> 8);
    }
  }

  int checkToken(int token, long position) {
    if (token < 0 || token >= vocabSize) {
      throw new IllegalArgumentException(
          "token " + token + " at position " + position + " is outside [0, " + vocabSize + ")");
    }
    return token;
  }

  /**
   * The longest f-gram among the last {@code avail} (<= maxN) tokens packed in {@code (lo, hi)},
   * as {@code (id << 8) | length}, or -1 when none of lengths 2..avail is in F.
   */
  long longest(long lo, long hi, int avail) {
    for (int k = avail; k >= 2; k--) {
      long kl = lo & keys.loMask[k];
      long kh = hi & keys.hiMask[k];
      long hash = NgramPacker.mix(kl, kh);
      if (filter.mightContain(hash)) {
        int id = tables[k].find(kl, kh, hash);
        if (id >= 0) return ((long) id << 8) | k;
      }
    }
    return -1;
  }
}
