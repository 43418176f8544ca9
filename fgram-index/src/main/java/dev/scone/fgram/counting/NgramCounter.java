package dev.scone.fgram.counting;

import dev.scone.fgram.ngram.DocumentNgrams;
import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;

/**
 * Exact counts of every n-gram of length {@code 2..maxN} inside documents (the ones {@link
 * DocumentNgrams} walks): an n-gram never spans two {@link #addDocument} calls. Keys are packed
 * exactly by {@link NgramPacker} into an open-addressing {@link NgramCountTable} (no boxing; about
 * 34-69 bytes per distinct n-gram, see {@link #bytesPerDistinctNgram}).
 *
 * <p>Cost: {@code O(maxN)} expected per token. Memory grows with distinct n-grams without bound;
 * for unbounded streams use {@link SpaceSavingSummary}, or count within a bounded window and
 * {@link SpaceSavingSummary#offerAll offer} the result. Not thread-safe: one counter per worker,
 * combined with {@link #merge}.
 */
public final class NgramCounter implements NgramCountSource {
  private final NgramPacker packer;
  private final DocumentNgrams ngrams;
  private final NgramCountTable table;
  private long occurrences;

  /** A counter for token ids in {@code [0, vocabSize)} and n-grams of length {@code 2..maxN}. */
  public NgramCounter(int vocabSize, int maxN) {
    this(vocabSize, maxN, 1024);
  }

  /** As above, presized for {@code expectedDistinct} n-grams. */
  public NgramCounter(int vocabSize, int maxN, int expectedDistinct) {
    if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
    this.packer = new NgramPacker(vocabSize, maxN);
    this.ngrams = new DocumentNgrams(packer);
    this.table = new NgramCountTable(expectedDistinct);
  }

  /** Counts the n-grams of one document. */
  public void addDocument(int[] tokens) {
    addDocument(tokens, 0, tokens.length);
  }

  /**
   * Counts the n-grams of one document, {@code tokens[from .. to)}.
   *
   * @throws IllegalArgumentException naming the first token id outside {@code [0, vocabSize)};
   *     nothing of the document is counted then
   */
  public void addDocument(int[] tokens, int from, int to) {
    checkTokens(tokens, from, to, vocabSize());
    occurrences += ngrams.forEach(tokens, from, to, table::add);
  }

  static void checkTokens(int[] tokens, int from, int to, int vocabSize) {
    java.util.Objects.checkFromToIndex(from, to, tokens.length);
    for (int i = from; i < to; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "token id " + tokens[i] + " at index " + i + " is outside [0, " + vocabSize + ")");
      }
    }
  }

  /** The count of a packed n-gram, 0 when never seen. */
  public long count(long lo, long hi) {
    return table.get(lo, hi);
  }

  /** The count of {@code ngram}, 0 when never seen or when its length is outside 2..maxN. */
  public long count(int[] ngram) {
    return table.get(packer, ngram);
  }

  /**
   * Adds all of {@code other}'s counts into this counter, as if its documents had been added
   * here.
   *
   * @throws IllegalArgumentException when vocabulary size or maxN differ
   */
  public void merge(NgramCounter other) {
    if (other.vocabSize() != vocabSize() || other.maxN() != maxN()) {
      throw new IllegalArgumentException(
          "cannot merge counters of different shape: this V=" + vocabSize() + ", maxN=" + maxN()
              + "; other V=" + other.vocabSize() + ", maxN=" + other.maxN());
    }
    table.addAll(other.table);
    occurrences += other.occurrences;
  }

  /** Exact counts. */
  @Override
  public void forEach(PackedNgramConsumer consumer) {
    table.forEach(consumer);
  }

  /** Number of distinct n-grams counted. */
  public long size() {
    return table.size();
  }

  /** Number of n-gram occurrences counted (the sum of all counts). */
  public long occurrences() {
    return occurrences;
  }

  /** Bytes of the table's arrays. */
  public long arrayBytes() {
    return table.arrayBytes();
  }

  /** {@link #arrayBytes} / {@link #size}; NaN when empty. */
  public double bytesPerDistinctNgram() {
    return size() == 0 ? Double.NaN : (double) arrayBytes() / size();
  }

  @Override
  public NgramPacker packer() {
    return packer;
  }

  @Override
  public String toString() {
    return "NgramCounter[V=" + vocabSize() + ", maxN=" + maxN() + ", distinct=" + size()
        + ", occurrences=" + occurrences + "]";
  }
}
