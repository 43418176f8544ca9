package dev.scone.bench.fgram;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.counting.PrunedNgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact n-gram counting (lengths {@code 2..maxN}) on one core, tokens prepared beforehand: the
 * primitive packed-key {@link NgramCounter} side by side with a straightforward {@code
 * HashMap<List<Integer>, Long>} over the same tokens. Further figures: the rate with tokenization
 * included, distinct n-grams, bytes per distinct n-gram, and the pruned counter's rate and peak
 * memory (pruned at {@link #PRUNE_MIN_COUNT}).
 *
 * <p>Rates count n-gram occurrences (positions), the same numerator for every figure. The
 * baseline holds every distinct n-gram as boxed objects: give the JVM a few GB of heap for a
 * corpus of millions of tokens.
 */
public final class CountBench {
  /** The paper's pruning threshold. */
  public static final long PRUNE_MIN_COUNT = 5;
  private static final int WARMUPS = 1;
  private static final int RUNS = 3;

  private CountBench() {}

  public static BenchResult run(List<String> documents, int maxN) {
    return run(documents, maxN, Gpt2Tokenizer.instance());
  }

  public static BenchResult run(List<String> documents, int maxN, Tokenizer tokenizer) {
    if (documents.isEmpty()) throw new IllegalArgumentException("count bench needs at least one document");
    List<int[]> tokens = tokenizeAll(documents, tokenizer);
    int v = tokenizer.vocabSize();
    long ngrams = ngramPositions(tokens, maxN);
    NgramCounter[] last = new NgramCounter[1];
    double[] s = BenchTimer.sideBySide(WARMUPS, RUNS,
        () -> {
          last[0] = countExact(tokens, v, maxN);
          return last[0].size();
        },
        () -> countBoxed(tokens, maxN).size());
    double withTokenize = BenchTimer.medianSeconds(WARMUPS, RUNS,
        () -> countExact(tokenizeAll(documents, tokenizer), v, maxN).size());
    PrunedNgramCounter[] pruned = new PrunedNgramCounter[1];
    double prunedSeconds = BenchTimer.medianSeconds(WARMUPS, RUNS, () -> {
      pruned[0] = PrunedNgramCounter.count(tokens, v, maxN, PRUNE_MIN_COUNT);
      return pruned[0].size();
    });
    NgramCounter exact = last[0];
    return new BenchResult(
        "count", ngrams / s[0], "n-grams/s", "HashMap<List<Integer>,Long>", ngrams / s[1],
        List.of(
            new BenchResult.Figure("with tokenization", ngrams / withTokenize, "n-grams/s"),
            new BenchResult.Figure("n-gram occurrences (2.." + maxN + ")", ngrams, "n-grams"),
            new BenchResult.Figure("distinct n-grams", exact.size(), "n-grams"),
            new BenchResult.Figure("bytes per distinct n-gram", exact.bytesPerDistinctNgram(), "B"),
            new BenchResult.Figure("exact table memory", exact.arrayBytes() / 1e6, "MB"),
            new BenchResult.Figure("pruned (min " + PRUNE_MIN_COUNT + ") rate", ngrams / prunedSeconds, "n-grams/s"),
            new BenchResult.Figure("pruned kept n-grams", pruned[0].size(), "n-grams"),
            new BenchResult.Figure("pruned peak memory", pruned[0].peakArrayBytes() / 1e6, "MB"),
            new BenchResult.Figure("pruned memory saved", 1 - (double) pruned[0].peakArrayBytes() / exact.arrayBytes(), "fraction"),
            new BenchResult.Figure("tokens", tokens.stream().mapToLong(t -> t.length).sum(), "tokens")));
  }

  private static List<int[]> tokenizeAll(List<String> documents, Tokenizer tokenizer) {
    List<int[]> out = new ArrayList<>(documents.size());
    for (String d : documents) out.add(tokenizer.encode(d));
    return out;
  }

  private static long ngramPositions(List<int[]> docs, int maxN) {
    long n = 0;
    for (int[] d : docs) for (int len = 2; len <= maxN; len++) n += Math.max(0, d.length - len + 1);
    return n;
  }

  private static NgramCounter countExact(List<int[]> docs, int v, int maxN) {
    NgramCounter c = new NgramCounter(v, maxN);
    for (int[] d : docs) c.addDocument(d);
    return c;
  }

  /** The baseline: a new boxed list per occurrence as the key, as straightforward code does. */
  private static Map<List<Integer>, Long> countBoxed(List<int[]> docs, int maxN) {
    Map<List<Integer>, Long> counts = new HashMap<>();
    for (int[] d : docs) {
      for (int i = 0; i < d.length; i++) {
        for (int n = 2; n <= maxN && i + n <= d.length; n++) {
          List<Integer> key = new ArrayList<>(n);
          for (int j = 0; j < n; j++) key.add(d[i + j]);
          counts.merge(key, 1L, Long::sum);
        }
      }
    }
    return counts;
  }
}
