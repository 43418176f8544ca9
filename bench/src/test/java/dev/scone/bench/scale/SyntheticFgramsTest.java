package dev.scone.bench.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.match.FgramMatcher;
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

  @Test
  void scatteredRealFgramsSpreadOverEveryIdAndMatchWhereTheyAre() {
    FgramVocabulary real = FgramVocabulary.of(new FgramVocabulary.Meta("test", 1000, 4, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}, new int[] {7, 8}, new int[] {9, 10, 11, 12}),
        new long[] {5, 3, 2, 1});
    SyntheticFgrams rows = new SyntheticFgrams(real, 1000, 11, SyntheticFgrams.Layout.SCATTERED);
    assertEquals(List.of(0, 250, 500, 750), List.of(rows.idOfReal(0), rows.idOfReal(1), rows.idOfReal(2),
        rows.idOfReal(3)), "evenly spread over 1,000 ids");
    FgramMatcher matcher = FgramMatcher.build(rows);
    for (int k = 0; k < real.size(); k++) {
      int[] g = real.tokens(k);
      assertEquals(rows.idOfReal(k), matcher.idOf(g, 0, g.length), "real f-gram " + k);
    }
    int[] gram = new int[4];
    rows.tokens(251, gram);
    assertTrue(rows.length(251) >= 2 && rows.length(251) <= 4, "a generated f-gram between two real ones");
    // Count order brings the real f-grams back to the front, whatever the layout.
    FgramVocabulary ranked = rows.toVocabulary();
    for (int k = 0; k < real.size(); k++) assertArrayEquals(real.tokens(k), ranked.tokens(k));
    assertEquals(1, ranked.count(real.size()), "generated f-grams follow with count 1");
    assertEquals(3, new SyntheticFgrams(real, 1000, 11).idOfReal(3), "the front layout keeps ids [0, real)");
  }
}
