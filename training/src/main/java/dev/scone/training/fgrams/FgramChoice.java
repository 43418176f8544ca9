package dev.scone.training.fgrams;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.counting.PrunedNgramCounter;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.progress.Progress;

/**
 * The count-then-select step of choosing f-grams: counts the n-grams of length {@code 2..maxN}
 * within each document and keeps the top S by {@link FgramSelector}. The batch pipeline ({@link
 * FgramPipeline}) and a training run both choose their f-grams here, so the same documents and
 * knobs give both the same F.
 *
 * <p>Counting is exact ({@link NgramCounter}), or pruned ({@link PrunedNgramCounter}), which holds
 * only the n-grams seen at least {@code minCount} times: the ones selection can keep, so the F is
 * the same and the tables are smaller.
 *
 * @param fgrams S, the number of f-grams kept (top S by count across all lengths)
 * @param minCount n-grams seen fewer times are never f-grams
 * @param prune count with the paper's prefix/suffix pruning instead of exactly
 */
public record FgramChoice(int fgrams, long minCount, boolean prune) {

  /**
   * What the step chose and what counting cost.
   *
   * @param vocabulary the top S f-grams, with the meta (and version) given to {@link #choose}
   * @param distinctNgrams distinct n-grams the counter held (after pruning, if pruned)
   * @param countBytes bytes of the counting tables (their peak, if pruned)
   * @param countSeconds wall time of counting, selection excluded
   */
  public record Chosen(FgramVocabulary vocabulary, long distinctNgrams, long countBytes, double countSeconds) {}

  /**
   * Counts the n-grams of {@code documents} for {@code meta}'s vocabulary size and maxN, then
   * selects. {@code documents} must yield the same documents each time it is iterated: once per
   * length when pruning, else once (and once more for the progress total when it is shown).
   *
   * @param showProgress whether exact counting shows its progress on stderr
   */
  public Chosen choose(Iterable<int[]> documents, FgramVocabulary.Meta meta, boolean showProgress) {
    long t0 = System.nanoTime();
    Counted counted = count(documents, meta.vocabSize(), meta.maxN(), showProgress);
    double countSeconds = (System.nanoTime() - t0) / 1e9;
    FgramVocabulary vocabulary = new FgramSelector(fgrams, minCount).select(counted.source(), meta);
    return new Chosen(vocabulary, counted.distinct(), counted.bytes(), countSeconds);
  }

  /** Counts, with how many distinct n-grams they hold and the bytes their tables took. */
  private record Counted(NgramCountSource source, long distinct, long bytes) {}

  private Counted count(Iterable<int[]> documents, int vocabSize, int maxN, boolean showProgress) {
    if (prune) {
      PrunedNgramCounter pruned = PrunedNgramCounter.count(documents, vocabSize, maxN, minCount);
      return new Counted(pruned, pruned.size(), pruned.peakArrayBytes());
    }
    NgramCounter counter = new NgramCounter(vocabSize, maxN);
    try (Progress progress = showProgress
        ? Progress.start("count 2.." + maxN + "-grams", totalTokens(documents), "tokens") : Progress.none()) {
      for (int[] doc : documents) {
        counter.addDocument(doc);
        progress.stepBy(doc.length);
      }
    }
    return new Counted(counter, counter.size(), counter.arrayBytes());
  }

  /** Tokens over all documents. */
  static long totalTokens(Iterable<int[]> documents) {
    long n = 0;
    for (int[] d : documents) n += d.length;
    return n;
  }
}
