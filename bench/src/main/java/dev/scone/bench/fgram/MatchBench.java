package dev.scone.bench.fgram;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.NaiveMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Longest-match throughput: {@link FgramMatcher} batch rows over all documents on one thread
 * (each document into one reused output buffer), side by side with {@link NaiveMatcher} (a
 * {@code HashMap<List<Integer>, Integer>}) over the same documents, in tokens per second (median
 * of {@value #RUNS} alternating timed runs after {@value #WARMUPS} warm-ups). Both are checked to
 * agree on every row before anything is timed; a disagreement throws {@link
 * IllegalStateException} naming the document and position.
 *
 * <p>Figures: match rate (fraction of positions matched), mean matched length (over matched
 * positions), the matcher's tokens per CPU second (what the headline would be with a core to
 * itself), matcher build time, matcher bytes per f-gram, |F| and the token count.
 *
 * <p>Sample, on 2 cores of an AMD EPYC VM shared with other builds (load average 5-8): the 233
 * State of the Union addresses (2.07 M r50k tokens) and the top 1 M of their 2..5-grams gave
 * 11-28 M tokens/s wall (25-29 M per CPU second), 18-45x the baseline, 27 bytes per f-gram;
 * with F from the first 174 addresses and the other 59 matched, 25-28 M tokens/s, 25-27x.
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
    double cpuSeconds = medianCpuSeconds(() -> matchAll(documents, matcher, out));
    double positions = Math.max(1, tokens);
    return new BenchResult("match", tokens / seconds[0], "tokens/s",
        "HashMap<List<Integer>,Integer>", tokens / seconds[1],
        List.of(
            new BenchResult.Figure("match_rate", lengthStats[0] / positions, "fraction"),
            new BenchResult.Figure("mean_matched_length",
                lengthStats[0] == 0 ? 0 : (double) lengthStats[1] / lengthStats[0], "tokens"),
            new BenchResult.Figure("matcher_tokens_per_cpu_s", tokens / cpuSeconds, "tokens/s"),
            new BenchResult.Figure("build_seconds", buildSeconds, "s"),
            new BenchResult.Figure("bytes_per_fgram",
                vocab.size() == 0 ? 0 : (double) matcher.byteSize() / vocab.size(), "B"),
            new BenchResult.Figure("fgrams", vocab.size(), "f-grams"),
            new BenchResult.Figure("tokens", tokens, "tokens")));
  }

  /**
   * Median thread CPU seconds of {@link #RUNS} runs (NaN where the JVM cannot tell): unlike wall
   * time it leaves out the time the thread waited for a core, which on a shared machine can
   * halve the headline figure.
   */
  private static double medianCpuSeconds(LongSupplier work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isCurrentThreadCpuTimeSupported()) return Double.NaN;
    double[] seconds = new double[RUNS];
    long sink = 0;
    for (int i = 0; i < RUNS; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      sink += work.getAsLong();
      seconds[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    return sink == Long.MIN_VALUE ? Double.NaN : seconds[RUNS / 2]; // sink keeps the work alive
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
