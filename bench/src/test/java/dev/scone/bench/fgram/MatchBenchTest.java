package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.NaiveMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MatchBenchTest {
  @Test
  void reportsThroughputOfBothMatchersAndMatchStatistics() throws Exception {
    Random random = new Random(1);
    int[][] docs = new int[20][];
    for (int d = 0; d < docs.length; d++) docs[d] = random.ints(50 + random.nextInt(300), 0, 4).toArray();
    // F = all 2-grams over {0,1,2,3}: every position but the first of a document matches, length 2.
    List<int[]> grams = new java.util.ArrayList<>();
    for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) grams.add(new int[] {a, b});
    long[] counts = new long[grams.size()];
    java.util.Arrays.fill(counts, 1);
    FgramVocabulary vocab = FgramVocabulary.of(new FgramVocabulary.Meta("test", 50257, 5, 1), grams, counts);

    int[] out = new int[350];
    assertEquals(MatchBench.naiveAll(docs, new NaiveMatcher(vocab)), MatchBench.matchAll(docs, FgramMatcher.build(vocab), out),
        "the measured and the baseline operation compute the same checksum");

    BenchResult result = MatchBench.run(docs, vocab, JmhSmoke.SETTINGS);

    long tokens = java.util.Arrays.stream(docs).mapToLong(d -> d.length).sum();
    Map<String, Double> figures = result.figures().stream()
        .collect(Collectors.toMap(BenchResult.Figure::name, BenchResult.Figure::value));
    JmhSmoke.assertContract(result, "match", "tokens/s");
    assertEquals((tokens - docs.length) / (double) tokens, figures.get("match_rate"), 1e-12);
    assertEquals(2.0, figures.get("mean_matched_length"), 1e-12);
    assertEquals(16.0, figures.get("fgrams"));
    assertEquals(tokens, figures.get("tokens").longValue());
    assertTrue(figures.get("bytes_per_fgram") > 0 && figures.get("build_seconds") >= 0);
  }
}
