package dev.scone.fgram.match;

import dev.scone.fgram.files.PageAdvice;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.Objects;

/**
 * The paper's longest-match rule over an {@link FgramVocabulary} F. At position {@code i} of a
 * document {@code x[0..T)} the match is the longest {@code σ = x[i-k+1..i]} with {@code 2 <= k
 * <= maxN} and {@code σ ∈ F}; the row is {@code vocabSize + id(σ)} if there is one, else {@code
 * x[i]}. Matching never crosses a document boundary. Correct for any F: no prefix or suffix
 * closure is assumed, every length is tested. When F repeats an n-gram (possible if its counts
 * differ), the lowest id wins.
 *
 * <p>How: the suffixes ending at a position are masks of one rolling two-word register; a
 * Bloom filter that reads one word per probe (2 to 4 bytes per f-gram) rejects most suffixes
 * that are not f-grams; the longest survivor is checked in an exact open-addressing table for
 * its length (about 27 bytes per f-gram in all, filter included), all off the Java heap: in
 * native memory when built here, or mapped from the bundle's {@link MatchIndexFile}. Batch calls work in blocks
 * of positions so that the cache misses of many positions overlap. {@code
 * dev.scone.bench.fgram.MatchBench} measures it against a {@code HashMap<List<Integer>,
 * Integer>}.
 *
 * <p>Immutable and thread-safe once built. Arguments must not be null; tokens must lie in {@code
 * [0, vocabSize)} (else {@link IllegalArgumentException} naming the position). A batch call
 * costs up to {@code maxN - 1} filter probes per position (on a large F, where it probes longest
 * first, mostly one or two: {@link FilterProbing}) and about one table probe, and allocates about
 * 7 KiB of scratch.
 */
public final class FgramMatcher {
  /**
   * Below this many tokens a document is matched position by position, without block scratch
   * (measured on 1 M f-grams: 1.8x faster at 4 tokens, slower from 7 on, 2x slower at 16).
   */
  private static final int SMALL_DOCUMENT = 6;

  private final FgramIndex index;
  private final FilterProbing probing;

  private FgramMatcher(FgramIndex index, FilterProbing probing) {
    this.index = index;
    this.probing = probing;
  }

  private FgramMatcher(FgramIndex index) {
    this(index, FilterProbing.forFilterBytes(index.filter.byteSize()));
  }

  /**
   * Builds the matcher for {@code vocab}; O(|F|) time.
   *
   * @throws IllegalArgumentException if {@code maxN} tokens do not fit two 64-bit words at
   *     {@code ceil(log2(vocabSize + 1))} bits each (for GPT-2's 50,257 tokens: maxN > 8)
   */
  public static FgramMatcher build(FgramVocabulary vocab) {
    return new FgramMatcher(FgramIndex.build(FgramRows.of(vocab)));
  }

  /** As {@link #build(FgramVocabulary)}, from f-grams read by id (a generated vocabulary, for benchmarks). */
  public static FgramMatcher build(FgramRows rows) {
    return new FgramMatcher(FgramIndex.build(rows));
  }

  /** The matcher over an index already built (in native memory or a mapped {@link MatchIndexFile}). */
  static FgramMatcher over(FgramIndex index) {
    return new FgramMatcher(index);
  }

  /**
   * This matcher over the same index with the filter probed in {@code order} (same answers; the
   * default is {@link FilterProbing#forFilterBytes} of the filter's size). For benchmarks and tests.
   */
  public FgramMatcher withProbing(FilterProbing order) {
    return new FgramMatcher(index, Objects.requireNonNull(order, "order"));
  }

  /**
   * Advises the pages of the exact tables where the index is a mapped {@link MatchIndexFile}:
   * {@link PageAdvice.Advice#RANDOM} stops the kernel from reading 128 KiB around each table miss
   * of an index larger than memory (the filter, read densely, keeps its read-around). A hint:
   * answers are the same; false where not mapped, not Linux, or refused.
   */
  public boolean adviseTables(PageAdvice.Advice advice) {
    return index.adviseTables(advice);
  }

  /**
   * Advises every page of the index, filter and tables, where it is a mapped {@link
   * MatchIndexFile}: {@link PageAdvice.Advice#HUGEPAGE} maps it with 2 MiB pages where the page
   * cache allows. A hint: answers are the same; false where not mapped, not Linux, or refused.
   */
  public boolean advise(PageAdvice.Advice advice) {
    return index.advise(advice);
  }

  /** The order in which batch calls probe the filter. */
  public FilterProbing probing() {
    return probing;
  }

  /** V: rows below it are tokens, rows from it on are f-grams. */
  public int vocabSize() {
    return index.vocabSize;
  }

  public int maxN() {
    return index.maxN;
  }

  /** |F|, the number of f-grams (rows {@code [vocabSize, vocabSize + size)}). */
  public int size() {
    return index.size;
  }

  /** Bytes of the filter and tables (native memory or mapped file; none on the Java heap). */
  public long byteSize() {
    return index.byteSize();
  }

  /**
   * The id of f-gram {@code tokens[start .. start+length)}, or -1 when it is not in F (always
   * so for a length outside {@code [2, maxN]} or a token outside {@code [0, vocabSize)}).
   */
  public int idOf(int[] tokens, int start, int length) {
    if (start < 0 || length < 0 || start > tokens.length - length) {
      throw new IndexOutOfBoundsException(
          "n-gram [" + start + ", " + start + "+" + length + ") outside tokens of length " + tokens.length);
    }
    if (length < 2 || length > index.maxN) return -1;
    for (int j = start; j < start + length; j++) {
      if (tokens[j] < 0 || tokens[j] >= index.vocabSize) return -1;
    }
    return index.idOf(tokens, start, length);
  }

  /** The rows of one document, one per token. */
  public int[] rows(int[] documentTokens) {
    int[] out = new int[documentTokens.length];
    rows(documentTokens, 0, documentTokens.length, out, 0);
    return out;
  }

  /** Writes the rows of the document {@code tokens[from, to)} to {@code out[outOffset ..]}. */
  public void rows(int[] tokens, int from, int to, int[] out, int outOffset) {
    scan(tokens, from, to, out, outOffset, false, null);
  }

  /**
   * The rows of a flat token array holding several documents back to back: a document starts
   * at 0 and at each offset in {@code docStarts} (non-decreasing, within {@code [0,
   * tokens.length]}; a repeated offset is an empty document).
   */
  public int[] rows(int[] tokens, int[] docStarts) {
    int[] out = new int[tokens.length];
    BlockMatch block = new BlockMatch(index, probing);
    int from = 0;
    for (int d = 0; d <= docStarts.length; d++) {
      int to = d < docStarts.length ? docStarts[d] : tokens.length;
      if (to < from || to > tokens.length) {
        throw new IllegalArgumentException("docStarts[" + d + "] = " + to
            + ": expected non-decreasing offsets in [" + from + ", " + tokens.length + "]");
      }
      scan(tokens, from, to, out, from, false, block);
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
    scan(tokens, from, to, out, outOffset, true, null);
  }

  /** A fresh incremental matcher for one sequence (for generation); not thread-safe. */
  public IncrementalMatch incremental() {
    return new IncrementalMatch(index);
  }

  /** Checks the ranges, then matches in blocks ({@code block} or a new one) or one by one. */
  private void scan(
      int[] tokens, int from, int to, int[] out, int outOffset, boolean lengths, BlockMatch block) {
    if (from < 0 || to > tokens.length || from > to) {
      throw new IndexOutOfBoundsException(
          "document [" + from + ", " + to + ") outside tokens of length " + tokens.length);
    }
    if (outOffset < 0 || outOffset > out.length - (to - from)) {
      throw new IndexOutOfBoundsException(
          (to - from) + " outputs at offset " + outOffset + " do not fit out of length " + out.length);
    }
    if (block == null && to - from < SMALL_DOCUMENT) {
      scanEach(tokens, from, to, out, outOffset, lengths);
    } else {
      (block == null ? new BlockMatch(index, probing) : block).run(tokens, from, to, out, outOffset, lengths);
    }
  }

  private void scanEach(int[] tokens, int from, int to, int[] out, int outOffset, boolean lengths) {
    SuffixKeys keys = index.keys;
    long lo = 0;
    long hi = 0;
    for (int i = from; i < to; i++) {
      int token = index.checkToken(tokens[i], i);
      hi = keys.pushHi(lo, hi);
      lo = keys.pushLo(lo, token);
      long match = index.longest(lo, hi, Math.min(i - from + 1, index.maxN));
      out[outOffset + i - from] = FgramIndex.output(match, token, index.vocabSize, lengths);
    }
  }
}
