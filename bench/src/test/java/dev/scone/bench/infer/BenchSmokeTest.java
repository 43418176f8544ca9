package dev.scone.bench.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.scale.SyntheticFgrams;
import dev.scone.bench.scale.TableScaleBench;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks run end to end on tiny sizes and clean up; no timing is asserted. */
class BenchSmokeTest {

  @TempDir Path work;

  @Test
  void inferBenchScoresBothSidesAndDeletesItsTable() throws IOException {
    BenchResult r = InferBench.run(work, new InferBench.Config(300, 16, 1, 2, 16, 40, 3, 40, 0, 1, 5));
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    assertEquals(3 * 39, r.figure("tokens scored per run"));
    assertTrue(r.figure("positions reading an f-gram row") > 0, r.toJson());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its work directory");
    }
  }

  @Test
  void leakBenchSamplesMemoryOfBothLoops() throws IOException {
    BenchResult r = ScoringLeakBench.run(work, new ScoringLeakBench.Config(300, 16, 16, 40, 12, 20, 5, 5));
    assertTrue(r.figure("rss at start") > 0, r.toJson());
    assertTrue(r.figure("scoring") > 0 && r.figure("match + gather") > 0, r.toJson());
    assertEquals(20, r.figure("iterations"));
  }

  @Test
  void prefixBenchReusesTheSharedPrefixAndNothingElse() throws IOException {
    // Requests of 48 tokens, 36 shared: three 16-token blocks; the last one ends at 48, past the prefix.
    BenchResult r = PrefixBench.run(work, new PrefixBench.Config(300, 16, 1, 2, 64, 40, 48, 0.75, 2, 2, 1, 2, 3));
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    // Two 16-token blocks lie wholly in the prefix; the very first request computes them (hit
    // rate below 31/48 by its share), every later one resumes at position 31.
    double hitRate = r.figure("shared: token hit rate");
    assertTrue(hitRate > 0.5 && hitRate <= 31.0 / 48, r.toJson());
    assertEquals(0, r.figure("unshared: token hit rate"), r.toJson());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its work directory");
    }
  }

  /** Real matches (the documents' own 2..5-grams) ranked first, as a published table orders them. */
  private static FgramVocabulary tableScaleFgrams(List<int[]> docs, int vocab) {
    LinkedHashSet<List<Integer>> grams = new LinkedHashSet<>();
    for (int[] doc : docs) {
      for (int i = 0; i + 5 <= doc.length; i += 3) grams.add(Arrays.stream(doc, i, i + 2 + i % 4).boxed().toList());
    }
    List<int[]> ranked = grams.stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
    long[] counts = new long[ranked.size()];
    for (int i = 0; i < counts.length; i++) counts[i] = counts.length - i;
    return FgramVocabulary.of(new FgramVocabulary.Meta("test", vocab, 5, 1), ranked, counts);
  }

  private static List<int[]> tableScaleDocs(int vocab) {
    Random random = new Random(18);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 3; d++) docs.add(random.ints(90, 0, vocab).toArray());
    return docs;
  }

  @Test
  void tableScaleBenchScoresTheSameTokensOnEveryPathAndRemovesItsFiles(@TempDir Path plots) throws IOException {
    int vocab = 300;
    List<int[]> docs = tableScaleDocs(vocab);
    FgramVocabulary real = tableScaleFgrams(docs, vocab);
    int rows = vocab + 1_000; // 1,000 f-gram rows: the real ones, then synthetic
    Path png = plots.resolve("curve.png");
    List<TableScaleBench.Variant> lastFirst = new ArrayList<>(List.of(TableScaleBench.Variant.values()));
    java.util.Collections.reverse(lastFirst); // any order runs every variant
    BenchResult r = TableScaleBench.run(docs, real, TokenIdMap.identity(vocab), new TableScaleBench.Config(work,
        rows * 16L * 4, EmbeddingDtype.FLOAT32, SyntheticFgrams.Layout.FRONT, 16, 1, 2, 32, 1 << 16, 2, List.of(TableScaleBench.Advice.READAROUND), 40, 0.6,
        0.3, 0.1, 0, png, false,
        lastFirst, 3));
    assertEquals(1_000 - real.size(), r.figure("synthetic_fgrams"), r.toJson());
    assertEquals(0, r.figure("real_rows_scattered"), r.toJson());
    // Every variant scored whole passes of both sides in step (the bench throws on a mismatch).
    for (String variant : List.of("prefetch+cache", "no_prefetch", "no_cache", "plain_mapping", "madvise_prefetch")) {
      assertTrue(r.figure(variant + "_tokens_scored") >= r.figure("tokens_per_cycle") / 3, r.toJson());
      assertTrue(r.figure(variant + "_rss_anon_max_bytes") > 0, r.toJson());
    }
    assertTrue(r.figure("prefetch+cache_cache_hit_rate") > 0, r.toJson()); // text repeats: the tier hits
    assertTrue(Double.isNaN(r.figure("no_cache_cache_hit_rate")), r.toJson());
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    assertEquals(TableScaleBench.Variant.MADVISE.ordinal(), r.figure("first_variant"), r.toJson());
    assertTrue(r.figure("prefetch_worth_steady") > 0, r.toJson());
    assertTrue(Files.size(png) > 0);
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its scratch directory");
    }
  }

  /** An int8 table (rows of d bytes and a float32 scale) through two of the paths; a part's worth needs both of its. */
  @Test
  void tableScaleBenchServesAnInt8TableThroughTheVariantsAsked(@TempDir Path plots) throws IOException {
    int vocab = 300;
    List<int[]> docs = tableScaleDocs(vocab);
    int rows = vocab + 1_000;
    long rowBytes = 16 + 4;
    BenchResult r = TableScaleBench.run(docs, tableScaleFgrams(docs, vocab), TokenIdMap.identity(vocab),
        new TableScaleBench.Config(work, rows * rowBytes, EmbeddingDtype.INT8, SyntheticFgrams.Layout.SCATTERED, 16, 1,
            2, 32, 1 << 16, 2, List.of(TableScaleBench.Advice.RANDOM, TableScaleBench.Advice.READAROUND), 40, 0.4,
            0.2, 0.1, 0, plots.resolve("curve.png"), false,
            List.of(TableScaleBench.Variant.NO_PREFETCH, TableScaleBench.Variant.PLAIN, TableScaleBench.Variant.MADVISE),
            3));
    assertEquals(rows, r.figure("table_rows"), r.toJson());
    assertEquals(rows * rowBytes, r.figure("table_bytes"), r.toJson());
    assertEquals(1, r.figure("real_rows_scattered"), r.toJson());
    assertEquals(1, r.figure("advise_random"), r.toJson());
    // each variant ran under both kinds of advice, random first
    for (String run : List.of("no_prefetch", "plain_mapping", "madvise_prefetch")) {
      assertTrue(r.figure(run + "_tokens_scored") > 0 && r.figure(run + "+random_tokens_scored") > 0, r.toJson());
      assertTrue(r.figure(run + "_random_advice_worth_steady") > 0, r.toJson());
    }
    assertTrue(r.figure("madvise_prefetch+random_worth_steady") > 0, r.toJson());
    assertTrue(r.figure("table_file_bytes") > rows * rowBytes, "the file holds the rows and more: " + r.toJson());
    assertTrue(r.figure("no_prefetch_cache_hit_rate") > 0, r.toJson());
    assertTrue(r.figure("plain_mapping_tokens_scored") >= r.figure("tokens_per_cycle") / 3, r.toJson());
    assertThrows(IllegalArgumentException.class, () -> r.figure("prefetch+cache_steady_ratio"), "not run");
    assertThrows(IllegalArgumentException.class, () -> r.figure("cache_worth_steady"), "needs prefetch+cache");
    assertEquals(TableScaleBench.Variant.NO_PREFETCH.ordinal(), r.figure("first_variant"), r.toJson());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its scratch directory");
    }
  }
}
