package dev.scone.fgram.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.counting.PrunedNgramCounter;
import dev.scone.fgram.counting.SpaceSavingSummary;
import dev.scone.fgram.counting.ZipfTokens;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FgramSelectorTest {

  /** An n-gram with its count, for the reference sort. */
  private record Row(int[] tokens, long count) {}

  /** An in-memory source that yields its rows in list order. */
  private record ListSource(int vocabSize, int maxN, List<long[]> rows) implements NgramCountSource {
    @Override
    public NgramPacker packer() {
      return new NgramPacker(vocabSize, maxN);
    }

    @Override
    public void forEach(PackedNgramConsumer consumer) {
      for (long[] r : rows) consumer.accept(r[0], r[1], r[2]);
    }
  }

  private static List<long[]> rowsOf(NgramCountSource source) {
    List<long[]> rows = new ArrayList<>();
    source.forEach((lo, hi, c) -> rows.add(new long[] {lo, hi, c}));
    return rows;
  }

  /** Reference: every n-gram of length 2..maxN with count >= minCount, fully sorted, first s. */
  private static List<Row> bruteForce(NgramCountSource source, int maxN, long minCount, int s) {
    List<Row> rows = new ArrayList<>();
    source.forEachTokens((t, c) -> {
      if (c >= minCount && t.length >= 2 && t.length <= maxN) rows.add(new Row(t, c));
    });
    rows.sort((a, b) -> FgramVocabulary.compareRank(a.count(), a.tokens(), b.count(), b.tokens()));
    return rows.subList(0, Math.min(s, rows.size()));
  }

  private static void assertRows(List<Row> expected, FgramVocabulary vocab) {
    assertEquals(expected.size(), vocab.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).tokens(), vocab.tokens(i), "row " + i);
      assertEquals(expected.get(i).count(), vocab.count(i), "row " + i);
    }
  }

  private static NgramCounter count(List<int[]> docs, int v, int maxN) {
    NgramCounter c = new NgramCounter(v, maxN);
    docs.forEach(c::addDocument);
    return c;
  }

  private static FgramVocabulary.Meta meta(int v, int maxN) {
    return new FgramVocabulary.Meta("test", v, maxN, 1);
  }

  @Test
  void selectionEqualsBruteForceSortAndTakeOnRandomCounts() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 40; trial++) {
      int v = 5 + rnd.nextInt(60);
      int countedN = 2 + rnd.nextInt(5);
      int selectN = 2 + rnd.nextInt(countedN - 1); // sometimes shorter than counted
      NgramCounter counter = count(new ZipfTokens(v, 1.1, trial).documents(50, 80), v, countedN);
      long minCount = 1 + rnd.nextInt(5);
      int s = new int[] {0, 1, 7, 100, 1_000_000}[rnd.nextInt(5)];
      FgramVocabulary vocab = new FgramSelector(s, minCount).select(counter, meta(v, selectN));
      assertRows(bruteForce(counter, selectN, minCount, s), vocab);
    }
  }

  @Test
  void selectionIsTheSameWhateverOrderTheCountsArriveIn() {
    NgramCounter counter = count(new ZipfTokens(30, 1.2, 8).documents(80, 60), 30, 4);
    List<long[]> rows = rowsOf(counter);
    FgramSelector selector = new FgramSelector(60, 2);
    FgramVocabulary reference = selector.select(counter, meta(30, 4));
    Random rnd = new Random(9);
    for (int i = 0; i < 10; i++) {
      Collections.shuffle(rows, rnd);
      assertTrue(reference.sameContent(selector.select(new ListSource(30, 4, rows), meta(30, 4))));
    }
  }

  @Test
  void selectionFromExactCountsIsClosedUnderPrefixAndSuffix() {
    for (long seed = 0; seed < 10; seed++) {
      NgramCounter counter = count(new ZipfTokens(40, 1.1, seed).documents(60, 100), 40, 5);
      FgramVocabulary vocab = new FgramSelector(10 + 37 * (int) seed, 3).select(counter, meta(40, 5));
      Set<List<Integer>> members = new HashSet<>();
      for (int i = 0; i < vocab.size(); i++) members.add(boxed(vocab.tokens(i)));
      for (int i = 0; i < vocab.size(); i++) {
        int[] g = vocab.tokens(i);
        if (g.length < 3) continue;
        assertTrue(members.contains(boxed(Arrays.copyOfRange(g, 0, g.length - 1))), "prefix of " + Arrays.toString(g));
        assertTrue(members.contains(boxed(Arrays.copyOfRange(g, 1, g.length))), "suffix of " + Arrays.toString(g));
      }
    }
  }

  private static List<Integer> boxed(int[] g) {
    return Arrays.stream(g).boxed().toList();
  }

  @Test
  void selectionFromPrunedCountsEqualsSelectionFromExactCountsOnZipfText() {
    int v = 300;
    for (long seed = 0; seed < 4; seed++) {
      List<int[]> docs = new ZipfTokens(v, 1.0, 100 + seed).documents(120, 300);
      NgramCounter exact = count(docs, v, 5);
      long pruneAt = 2 + seed;
      PrunedNgramCounter pruned = PrunedNgramCounter.count(docs, v, 5, pruneAt);
      for (int s : new int[] {10, 500, 5000, 1_000_000}) {
        for (long selectAt : new long[] {pruneAt, pruneAt + 3}) {
          FgramSelector selector = new FgramSelector(s, selectAt);
          FgramVocabulary fromExact = selector.select(exact, meta(v, 5));
          FgramVocabulary fromPruned = selector.select(pruned, meta(v, 5));
          assertTrue(fromExact.sameContent(fromPruned),
              "S=" + s + " prune at " + pruneAt + " select at " + selectAt + ": " + fromExact + " vs " + fromPruned);
          assertTrue(fromExact.size() > 0);
        }
      }
    }
  }

  @Test
  void selectionFromSpaceSavingRanksItsEstimates() {
    int v = 100;
    NgramCounter local = count(new ZipfTokens(v, 1.2, 5).documents(100, 100), v, 4);
    SpaceSavingSummary summary = new SpaceSavingSummary(v, 4, 300);
    summary.offerAll(local);
    FgramVocabulary vocab = new FgramSelector(50, 5).select(summary, meta(v, 4));
    assertRows(bruteForce(summary, 4, 5, 50), vocab);
    // With room for every n-gram the estimates are exact, and so is the selection.
    SpaceSavingSummary roomy = new SpaceSavingSummary(v, 4, 1_000_000);
    roomy.offerAll(local);
    FgramSelector selector = new FgramSelector(200, 2);
    assertTrue(selector.select(roomy, meta(v, 4)).sameContent(selector.select(local, meta(v, 4))));
  }

  @Test
  void vocabularySizeMismatchIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FgramSelector(10).select(new NgramCounter(50, 3), meta(51, 3)));
    assertTrue(e.getMessage().contains("51") && e.getMessage().contains("50"), e.getMessage());
  }
}
