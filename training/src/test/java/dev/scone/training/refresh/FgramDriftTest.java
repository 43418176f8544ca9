package dev.scone.training.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FgramDriftTest {

  private static List<int[]> randomFgrams(Random random, int size) {
    Set<String> seen = new HashSet<>();
    List<int[]> out = new ArrayList<>();
    while (out.size() < size) {
      int[] g = random.ints(2 + random.nextInt(3), 0, 30).toArray(); // a small V so vocabularies overlap
      if (seen.add(Arrays.toString(g))) out.add(g);
    }
    return out;
  }

  /** Every f-gram counted once, in rank order. */
  private static FgramVocabulary vocab(List<int[]> grams) {
    List<int[]> ranked = new ArrayList<>(grams);
    ranked.sort((x, y) -> FgramVocabulary.compareRank(1, x, 1, y));
    long[] counts = new long[ranked.size()];
    Arrays.fill(counts, 1);
    return FgramVocabulary.of(new FgramVocabulary.Meta("t", 30, 4, 0), ranked, counts);
  }

  @Test
  void newShareMatchesABruteForceSetDifference() {
    Random random = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      List<int[]> a = randomFgrams(random, random.nextInt(60));
      List<int[]> b = randomFgrams(random, 1 + random.nextInt(60));
      Set<String> inA = new HashSet<>();
      for (int[] g : a) inA.add(Arrays.toString(g));
      long fresh = b.stream().filter(g -> !inA.contains(Arrays.toString(g))).count();
      assertEquals((double) fresh / b.size(), FgramDrift.newShare(vocab(a), vocab(b)), 1e-12);
    }
  }

  @Test
  void anEmptyNewVocabularyHasNoDrift() {
    assertEquals(0.0, FgramDrift.newShare(vocab(List.of(new int[] {1, 2})), vocab(List.of())));
  }
}
