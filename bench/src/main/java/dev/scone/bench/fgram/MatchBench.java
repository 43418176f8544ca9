package dev.scone.bench.fgram;

import static dev.scone.bench.fgram.JmhSideBySide.BASELINE;
import static dev.scone.bench.fgram.JmhSideBySide.MEASURED;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.NaiveMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Longest-match throughput (JMH): {@link FgramMatcher} batch rows over all documents on one
 * thread, each document into one reused output buffer ({@link #measured}), side by side with
 * {@link NaiveMatcher} (a {@code HashMap<List<Integer>, Integer>}, {@link #baseline}) over the
 * same documents, in tokens per second; one JMH operation is one pass over all documents. Both are
 * checked to agree on every row before anything is timed; a disagreement throws {@link
 * IllegalStateException} naming the document and position.
 *
 * <p>Figures: match rate (fraction of positions matched), mean matched length (over matched
 * positions), matcher build time, matcher bytes per f-gram, |F| and the token count.
 *
 * <p>Sample, on 2 cores of an AMD EPYC VM shared with other builds (load average 5-8), measured
 * by the hand-written loop this bench replaced: the 233 State of the Union addresses (2.07 M r50k
 * tokens) and the top 1 M of their 2..5-grams gave 11-28 M tokens/s wall, 18-45x the baseline, 27
 * bytes per f-gram.
 */
@State(Scope.Benchmark)
public class MatchBench {
  /** What the forks measure: the documents and the vocabulary, row by row in rank order. */
  record Inputs(int[][] documents, String tokenizer, int vocabSize, int maxN, long version, int[][] fgrams,
      long[] counts) implements Serializable {
    static Inputs of(int[][] documents, FgramVocabulary vocab) {
      int[][] fgrams = new int[vocab.size()][];
      long[] counts = new long[vocab.size()];
      for (int id = 0; id < fgrams.length; id++) {
        fgrams[id] = vocab.tokens(id);
        counts[id] = vocab.count(id);
      }
      FgramVocabulary.Meta m = vocab.meta();
      return new Inputs(documents, m.tokenizer(), m.vocabSize(), m.maxN(), m.version(), fgrams, counts);
    }

    FgramVocabulary vocabulary() {
      return FgramVocabulary.of(new FgramVocabulary.Meta(tokenizer, vocabSize, maxN, version), Arrays.asList(fgrams), counts);
    }
  }

  /** Path of the serialized {@link Inputs} ({@link JmhSideBySide#inputs}). */
  @Param(JmhSideBySide.NO_INPUTS) public String inputs;

  private int[][] documents;
  private FgramMatcher matcher;
  private NaiveMatcher naive;
  private int[] out;

  @Setup
  public void load() throws IOException {
    Inputs in = JmhSideBySide.inputs(inputs, Inputs.class);
    FgramVocabulary vocab = in.vocabulary();
    documents = in.documents();
    matcher = FgramMatcher.build(vocab);
    naive = new NaiveMatcher(vocab);
    out = new int[Arrays.stream(documents).mapToInt(d -> d.length).max().orElse(0)];
  }

  @Benchmark
  public long measured() {
    return matchAll(documents, matcher, out);
  }

  @Benchmark
  public long baseline() {
    return naiveAll(documents, naive);
  }

  public static BenchResult run(int[][] documents, FgramVocabulary vocab, JmhSideBySide.Settings settings)
      throws IOException {
    long t0 = System.nanoTime();
    FgramMatcher matcher = FgramMatcher.build(vocab);
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    long tokens = Arrays.stream(documents).mapToLong(d -> d.length).sum();
    long[] lengthStats = checkAgreement(documents, matcher, new NaiveMatcher(vocab));

    JmhSideBySide.Scores s = JmhSideBySide.run(MatchBench.class, Inputs.of(documents, vocab), settings,
        List.of(MEASURED, BASELINE));
    double positions = Math.max(1, tokens);
    List<BenchResult.Figure> figures = new ArrayList<>(List.of(
        new BenchResult.Figure("match_rate", lengthStats[0] / positions, "fraction"),
        new BenchResult.Figure("mean_matched_length",
            lengthStats[0] == 0 ? 0 : (double) lengthStats[1] / lengthStats[0], "tokens"),
        new BenchResult.Figure("build_seconds", buildSeconds, "s"),
        new BenchResult.Figure("bytes_per_fgram", vocab.size() == 0 ? 0 : (double) matcher.byteSize() / vocab.size(), "B"),
        new BenchResult.Figure("fgrams", vocab.size(), "f-grams"),
        new BenchResult.Figure("tokens", tokens, "tokens")));
    figures.addAll(s.errorFigures(tokens, tokens, "tokens/s"));
    return new BenchResult("match", tokens * s.opsPerSecond(MEASURED), "tokens/s", "HashMap<List<Integer>,Integer>",
        tokens * s.opsPerSecond(BASELINE), figures);
  }

  /** One pass of rows over all documents into {@code out} (as long as the longest); a checksum. */
  public static long matchAll(int[][] documents, FgramMatcher matcher, int[] out) {
    long sum = 0;
    for (int[] doc : documents) {
      matcher.rows(doc, 0, doc.length, out, 0);
      if (doc.length > 0) sum += out[doc.length - 1] + out[doc.length / 2];
    }
    return sum;
  }

  static long naiveAll(int[][] documents, NaiveMatcher naive) {
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
