package dev.scone.fgram.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The brute-force reference, pinned on cases worked out by hand. */
class NaiveMatcherTest {
  private static final int V = 10;

  private static NaiveMatcher matcher(int maxN, int[]... grams) {
    long[] counts = new long[grams.length];
    for (int i = 0; i < grams.length; i++) counts[i] = grams.length - i;
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta("test", V, maxN, 1);
    return new NaiveMatcher(FgramVocabulary.of(meta, List.of(grams), counts));
  }

  @Test
  void rowIsTheLongestSuffixInFElseTheToken() {
    // ids: [2,3] = 0, [1,2,3] = 1, [3,4] = 2
    NaiveMatcher m = matcher(3, new int[] {2, 3}, new int[] {1, 2, 3}, new int[] {3, 4});
    assertArrayEquals(new int[] {1, 2, V + 1, V + 2, 5}, m.rows(new int[] {1, 2, 3, 4, 5}));
    assertArrayEquals(new int[] {0, 0, 3, 2, 0}, m.matchLengths(new int[] {1, 2, 3, 4, 5}));
    assertArrayEquals(new int[] {2, V}, m.rows(new int[] {2, 3}));
  }

  @Test
  void suffixesLongerThanMaxNAreNotConsidered() {
    NaiveMatcher m = matcher(2, new int[] {1, 2});
    assertArrayEquals(new int[] {0, 1, V}, m.rows(new int[] {0, 1, 2}));
  }

  @Test
  void emptyAndOneTokenDocumentsMatchNothing() {
    NaiveMatcher m = matcher(3, new int[] {1, 1});
    assertArrayEquals(new int[0], m.rows(new int[0]));
    assertArrayEquals(new int[] {1}, m.rows(new int[] {1}));
    assertEquals(0, m.idOf(new int[] {1, 1}, 0, 2));
    assertEquals(-1, m.idOf(new int[] {1, 2}, 0, 2));
  }
}
