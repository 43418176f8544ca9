package dev.scone.fgram.bench;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.Arrays;
import java.util.List;

/**
 * Longest-match throughput: {@link FgramMatcher} batch rows over all documents on one thread,
 * side by side with {@link NaiveMatcher} (a {@code HashMap<List<Integer>, Integer>}) over the
 * same documents, in tokens per second (median of timed runs after warm-up). Both are checked
 * to agree on every row before anything is timed.
 *
 * <p>Figures: match rate (fraction of positions matched), mean matched length (over matched
 * positions), matcher build time, matcher bytes per f-gram, |F| and the token count.
 */
public final class MatchBench {
  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  private MatchBench() {}

  public static BenchResult run(int[][] documents, FgramVocabulary vocab) {
    long t0 = System.nanoTime();
    FgramMatcher matcher = FgramMatcher.build(vocab);
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    NaiveMatcher naive = new NaiveMatcher(vocab);

    long tokens = 0;
    int longest = 0;
    for (int[] doc : documents) {
      tokens += doc.length;
      longest = Math.max(longest, doc.length);
    }
    int[] out = new int[longest];
    long[] lengthStats = checkAgreement(documents, matcher, naive);

    double[] seconds = BenchTimer.sideBySide(WARMUPS, RUNS,
        () -> matchAll(documents, matcher, out),
        () -> naiveAll(documents, naive));
    double positions = Math.max(1, tokens);
    return new BenchResult("match", tokens / seconds[0], "tokens/s",
        "HashMap<List<Integer>,Integer>", tokens / seconds[1],
        List.of(
            new BenchResult.Figure("match_rate", lengthStats[0] / positions, "fraction"),
            new BenchResult.Figure("mean_matched_length",
                lengthStats[0] == 0 ? 0 : (double) lengthStats[1] / lengthStats[0], "tokens"),
            new BenchResult.Figure("build_seconds", buildSeconds, "s"),
            new BenchResult.Figure("bytes_per_fgram",
                vocab.size() == 0 ? 0 : (double) matcher.byteSize() / vocab.size(), "B"),
            new BenchResult.Figure("fgrams", vocab.size(), "f-grams"),
            new BenchResult.Figure("tokens", tokens, "tokens")));
  }

  private static long matchAll(int[][] documents, FgramMatcher matcher, int[] out) {
    long sum = 0;
    for (int[] doc : documents) {
      matcher.rows(doc, 0, doc.length, out, 0);
      if (doc.length > 0) sum += out[doc.length - 1] + out[doc.length / 2];
    }
    return sum;
  }

  private static long naiveAll(int[][] documents, NaiveMatcher naive) {
    long sum = 0;
    for (int[] doc : documents) {
      int[] rows = naive.rows(doc);
      if (doc.length > 0) sum += rows[doc.length - 1] + rows[doc.length / 2];
    }
    return sum;
  }

  /** Checks both matchers give the same rows; returns {matched positions, sum of matched lengths}. */
  private static long[] checkAgreement(int[][] documents, FgramMatcher matcher, NaiveMatcher naive) {
    long matched = 0;
    long lengthSum = 0;
    for (int d = 0; d < documents.length; d++) {
      int[] fast = matcher.rows(documents[d]);
      int[] slow = naive.rows(documents[d]);
      if (!Arrays.equals(fast, slow)) {
        throw new IllegalStateException("FgramMatcher and NaiveMatcher disagree on document " + d
            + " at position " + Arrays.mismatch(fast, slow));
      }
      for (int length : matcher.matchLengths(documents[d])) {
        if (length > 0) {
          matched++;
          lengthSum += length;
        }
      }
    }
    return new long[] {matched, lengthSum};
  }
}
