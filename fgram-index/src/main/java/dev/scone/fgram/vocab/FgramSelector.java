package dev.scone.fgram.vocab;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.NgramSlots;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the f-gram set F: the top {@code S} n-grams of length {@code 2..maxN} in one list across
 * all lengths, in {@link FgramVocabulary}'s rank order (count descending, then length ascending,
 * then tokens ascending), among those with count {@code >= minCount}.
 *
 * <p>The rank order is total on distinct n-grams, so the result does not depend on the order in
 * which the source yields them. From exact counts F is closed under prefixes and suffixes: an
 * n-gram's prefix and suffix occur at least as often and are shorter, so they rank before it.
 *
 * <p><b>Pruned counts give the same F</b> whenever this selector's {@code minCount} is at least
 * the pruning {@code minCount}: {@link dev.scone.fgram.counting.PrunedNgramCounter} holds exactly
 * the n-grams with exact count {@code >= } its minCount, with exact counts, so every candidate
 * this selector considers is present with the same count. From a {@link
 * dev.scone.fgram.counting.SpaceSavingSummary}, counts are estimates and F is the top S by
 * estimate; pass its {@code guaranteedCounts()} view to rank by lower bounds instead, which kept
 * F closer to the exact one on real text when the summary had 10-40 counters per f-gram.
 *
 * <p>Cost: {@code O(D log S)} time for D distinct n-grams and {@code O(S)} extra memory (a bounded
 * heap on primitive arrays); no full sort. Immutable and thread-safe; the source must not change
 * during {@link #select}.
 */
public final class FgramSelector {
  /** The paper's minimum count. */
  public static final long DEFAULT_MIN_COUNT = 5;

  private final int maxSize;
  private final long minCount;

  /** Keeps at most {@code maxSize} f-grams with count {@code >= minCount}. */
  public FgramSelector(int maxSize, long minCount) {
    if (maxSize < 0) throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
    this.maxSize = maxSize;
    this.minCount = minCount;
  }

  /** Keeps at most {@code maxSize} f-grams with count {@code >= } {@link #DEFAULT_MIN_COUNT}. */
  public FgramSelector(int maxSize) {
    this(maxSize, DEFAULT_MIN_COUNT);
  }

  /**
   * The f-gram set from {@code source}'s counts, for n-grams of length {@code 2..meta.maxN()}.
   *
   * @throws IllegalArgumentException when {@code meta.vocabSize()} differs from the source's
   */
  public FgramVocabulary select(NgramCountSource source, FgramVocabulary.Meta meta) {
    if (meta.vocabSize() != source.vocabSize()) {
      throw new IllegalArgumentException(
          "meta has vocabSize " + meta.vocabSize() + " but the counts were made with " + source.vocabSize());
    }
    NgramPacker packer = source.packer();
    NgramSlots slots = new NgramSlots(packer);
    RankHeap heap = new RankHeap(slots, maxSize);
    int maxN = meta.maxN();
    source.forEach((lo, hi, count) -> {
      if (count < minCount) return;
      int n = packer.length(lo, hi);
      if (n >= 2 && n <= maxN) heap.offer(lo, hi, count);
    });
    long[][] ranked = heap.drainInRankOrder(); // [lo, hi, count], best first
    List<int[]> ngrams = new ArrayList<>(ranked[0].length);
    for (int i = 0; i < ranked[0].length; i++) ngrams.add(packer.unpack(ranked[0][i], ranked[1][i]));
    return FgramVocabulary.of(meta, ngrams, ranked[2]);
  }

  public int maxSize() {
    return maxSize;
  }

  public long minCount() {
    return minCount;
  }
}
