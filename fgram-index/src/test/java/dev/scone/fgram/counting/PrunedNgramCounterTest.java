package dev.scone.fgram.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunedNgramCounterTest {

  @Test
  void prunedCountsEqualExactCountsForEveryNgramAtOrAboveMinCountAndHoldNothingElse() {
    for (long seed = 0; seed < 6; seed++) {
      List<int[]> docs = new ZipfTokens(200, 1.1, seed).documents(150, 120);
      long minCount = 2 + seed % 4;
      int maxN = 5;
      Map<List<Integer>, Long> exact = BruteForceCounts.count(docs, maxN);
      Map<List<Integer>, Long> expected = new HashMap<>();
      exact.forEach((k, c) -> { if (c >= minCount) expected.put(k, c); });
      PrunedNgramCounter pruned = PrunedNgramCounter.count(docs, 200, maxN, minCount);
      assertEquals(expected, BruteForceCounts.asMap(pruned), "seed " + seed + " minCount " + minCount);
      assertEquals(expected.size(), pruned.size());
      for (var e : exact.entrySet()) {
        long want = e.getValue() >= minCount ? e.getValue() : 0;
        assertEquals(want, pruned.count(BruteForceCounts.array(e.getKey())));
      }
    }
  }

  @Test
  void pruningUsesLessPeakMemoryThanExactCountingOnZipfText() {
    List<int[]> docs = new ZipfTokens(2000, 1.0, 9).documents(300, 400);
    NgramCounter exact = new NgramCounter(2000, 5);
    docs.forEach(exact::addDocument);
    PrunedNgramCounter pruned = PrunedNgramCounter.count(docs, 2000, 5, 5);
    assertTrue(pruned.peakArrayBytes() < exact.arrayBytes(),
        "pruned peak " + pruned.peakArrayBytes() + " vs exact " + exact.arrayBytes());
    assertTrue(pruned.arrayBytes() <= pruned.peakArrayBytes());
    long candidates = pruned.passes().stream().mapToLong(PrunedNgramCounter.Pass::candidates).sum();
    assertTrue(candidates < exact.size(), "candidates " + candidates + " vs distinct " + exact.size());
  }

  @Test
  void passesStopOnceALengthHasNoSurvivor() {
    // Every 2-gram occurs once: nothing survives minCount 2, so only the 2-gram pass runs.
    List<int[]> docs = List.of(new int[] {0, 1, 2, 3, 4, 5, 6});
    PrunedNgramCounter pruned = PrunedNgramCounter.count(docs, 7, 5, 2);
    assertEquals(1, pruned.passes().size());
    assertEquals(new PrunedNgramCounter.Pass(2, 6, 0, 6), pruned.passes().get(0));
    assertEquals(0, pruned.size());
  }

  @Test
  void minCountBelowOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> PrunedNgramCounter.count(List.of(), 10, 3, 0));
    assertTrue(e.getMessage().contains("minCount"), e.getMessage());
  }
}
