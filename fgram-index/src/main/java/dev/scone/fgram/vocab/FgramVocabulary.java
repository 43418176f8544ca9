package dev.scone.fgram.vocab;

import java.util.Arrays;
import java.util.List;

/**
 * The f-gram set F: n-grams of length {@code 2..maxN}, each with its count; the row index is the
 * f-gram id. Rows are in rank order: count descending, ties broken by length ascending, then by
 * tokens (lexicographic). Ranking shorter n-grams first on ties keeps F closed under prefixes and
 * suffixes when counts are exact, since an n-gram's prefix and suffix occur at least as often.
 *
 * <p>Immutable and thread-safe once built. Stored flat (one token array plus offsets) so a
 * million f-grams cost two arrays, not a million objects.
 */
public final class FgramVocabulary {

  /** What the vocabulary was built for; it travels in the Arrow file's schema metadata. */
  public record Meta(String tokenizer, int vocabSize, int maxN, long version) {
    public Meta {
      if (tokenizer == null || tokenizer.isBlank()) throw new IllegalArgumentException("tokenizer is required");
      if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
      if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
      if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
  }

  private final Meta meta;
  private final int[] tokens; // all f-grams back to back
  private final int[] offsets; // f-gram id i is tokens[offsets[i] .. offsets[i+1])
  private final long[] counts;

  private FgramVocabulary(Meta meta, int[] tokens, int[] offsets, long[] counts) {
    this.meta = meta;
    this.tokens = tokens;
    this.offsets = offsets;
    this.counts = counts;
  }

  /**
   * Builds a vocabulary from f-grams already in rank order.
   *
   * @throws IllegalArgumentException naming the first row that is out of range, out of order or
   *     repeated
   */
  public static FgramVocabulary of(Meta meta, List<int[]> ngrams, long[] counts) {
    if (ngrams.size() != counts.length) {
      throw new IllegalArgumentException(ngrams.size() + " n-grams but " + counts.length + " counts");
    }
    int total = 0;
    for (int[] g : ngrams) total += g.length;
    int[] flat = new int[total];
    int[] offsets = new int[ngrams.size() + 1];
    for (int i = 0; i < ngrams.size(); i++) {
      int[] g = ngrams.get(i);
      checkRow(meta, i, g, counts[i]);
      if (i > 0 && compareRank(counts[i - 1], ngrams.get(i - 1), counts[i], g) >= 0) {
        throw new IllegalArgumentException(
            "row " + i + " " + Arrays.toString(g) + " (count " + counts[i] + ") is not after row "
                + (i - 1) + " " + Arrays.toString(ngrams.get(i - 1)) + " (count " + counts[i - 1]
                + ") in rank order (count desc, length asc, tokens asc), or repeats it");
      }
      System.arraycopy(g, 0, flat, offsets[i], g.length);
      offsets[i + 1] = offsets[i] + g.length;
    }
    return new FgramVocabulary(meta, flat, offsets, counts.clone());
  }

  private static void checkRow(Meta meta, int row, int[] g, long count) {
    if (g.length < 2 || g.length > meta.maxN()) {
      throw new IllegalArgumentException(
          "row " + row + " has length " + g.length + "; f-grams have length 2.." + meta.maxN());
    }
    for (int t : g) {
      if (t < 0 || t >= meta.vocabSize()) {
        throw new IllegalArgumentException(
            "row " + row + " has token " + t + " outside [0, " + meta.vocabSize() + ")");
      }
    }
    if (count < 1) throw new IllegalArgumentException("row " + row + " has count " + count);
  }

  /**
   * Rank order: negative when (countA, a) ranks before (countB, b). Count descending, then
   * length ascending, then tokens ascending.
   */
  public static int compareRank(long countA, int[] a, long countB, int[] b) {
    if (countA != countB) return countA > countB ? -1 : 1;
    if (a.length != b.length) return Integer.compare(a.length, b.length);
    return Arrays.compare(a, b);
  }

  public Meta meta() {
    return meta;
  }

  /** |F|, the number of f-grams. */
  public int size() {
    return counts.length;
  }

  public int length(int id) {
    return offsets[id + 1] - offsets[id];
  }

  public int token(int id, int position) {
    return tokens[offsets[id] + position];
  }

  /** A copy of f-gram {@code id}'s tokens. */
  public int[] tokens(int id) {
    return Arrays.copyOfRange(tokens, offsets[id], offsets[id + 1]);
  }

  public long count(int id) {
    return counts[id];
  }

  /** The same f-grams under another version number. */
  public FgramVocabulary withVersion(long version) {
    Meta m = new Meta(meta.tokenizer(), meta.vocabSize(), meta.maxN(), version);
    return new FgramVocabulary(m, tokens, offsets, counts);
  }

  /** Equal f-grams, counts and meta. */
  public boolean sameContent(FgramVocabulary other) {
    return meta.equals(other.meta)
        && Arrays.equals(tokens, other.tokens)
        && Arrays.equals(offsets, other.offsets)
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public String toString() {
    return "FgramVocabulary[" + size() + " f-grams, " + meta + "]";
  }
}
