package dev.scone.bench.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticFgramsTest {
  @Test
  void aPaddedVocabularyKeepsTheRealFgramsFirstAndRepeatsNothing() {
    FgramVocabulary real = FgramVocabulary.of(new FgramVocabulary.Meta("test", 60, 4, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}, new int[] {7, 8}), new long[] {5, 2, 1});
    // 60 tokens make only 3,600 distinct bigrams: a third of 3,000 generated f-grams are bigrams, so some repeat
    FgramVocabulary padded = new SyntheticFgrams(real, 3000, 11).toVocabulary();
    for (int id = 0; id < real.size(); id++) {
      assertArrayEquals(real.tokens(id), padded.tokens(id), "real f-gram " + id + " keeps its rank");
    }
    Set<List<Integer>> seen = new HashSet<>();
    for (int id = 0; id < padded.size(); id++) {
      assertTrue(seen.add(Arrays.stream(padded.tokens(id)).boxed().toList()), "f-gram " + id + " repeats one");
    }
    assertTrue(padded.size() < 3000, "repeats were dropped: " + padded.size());
    assertTrue(padded.size() > 2700, "not many: " + padded.size());
    assertEquals(1, padded.count(padded.size() - 1), "generated f-grams rank last, with count 1");
  }
}
