package dev.scone.fgram.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NgramCounterTest {

  /** Random documents of lengths 0..maxLength (so 0 and 1 occur) over a vocabulary of size v. */
  private static List<int[]> randomDocs(Random rnd, int docs, int maxLength, int v) {
    List<int[]> out = new ArrayList<>();
    out.add(new int[0]);
    out.add(new int[] {rnd.nextInt(v)});
    for (int d = 0; d < docs; d++) {
      int[] doc = new int[rnd.nextInt(maxLength + 1)];
      for (int i = 0; i < doc.length; i++) doc[i] = rnd.nextInt(v);
      out.add(doc);
    }
    return out;
  }

  private static NgramCounter countAll(List<int[]> docs, int v, int maxN) {
    NgramCounter c = new NgramCounter(v, maxN, 4); // tiny presize: exercise growth
    docs.forEach(c::addDocument);
    return c;
  }

  @Test
  void countsEqualBruteForceOnRandomDocuments() {
    Random rnd = new Random(1);
    // (V, maxN): small vocabularies repeat n-grams often; GPT-2's V with maxN 8 uses both words.
    int[][] shapes = {{3, 2}, {5, 4}, {20, 5}, {50_257, 8}, {1 << 20, 6}};
    for (int[] shape : shapes) {
      for (int trial = 0; trial < 5; trial++) {
        List<int[]> docs = randomDocs(rnd, 60, 40, Math.min(shape[0], 30 + rnd.nextInt(shape[0])));
        NgramCounter counter = countAll(docs, shape[0], shape[1]);
        Map<List<Integer>, Long> expected = BruteForceCounts.count(docs, shape[1]);
        assertEquals(expected, BruteForceCounts.asMap(counter), "V=" + shape[0] + " maxN=" + shape[1]);
        assertEquals(expected.size(), counter.size());
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), counter.occurrences());
        for (var e : expected.entrySet()) {
          assertEquals(e.getValue(), counter.count(BruteForceCounts.array(e.getKey())));
        }
      }
    }
  }

  @Test
  void ngramsNeverCrossDocumentBoundaries() {
    NgramCounter c = new NgramCounter(10, 3);
    c.addDocument(new int[] {1, 2});
    c.addDocument(new int[] {3, 4});
    assertEquals(1, c.count(new int[] {1, 2}));
    assertEquals(0, c.count(new int[] {2, 3}));
    assertEquals(0, c.count(new int[] {1, 2, 3}));
    assertEquals(2, c.size());
  }

  @Test
  void documentsOfLengthZeroAndOneCountNothing() {
    NgramCounter c = new NgramCounter(10, 5);
    c.addDocument(new int[0]);
    c.addDocument(new int[] {7});
    assertEquals(0, c.size());
    assertEquals(0, c.occurrences());
    assertTrue(Double.isNaN(c.bytesPerDistinctNgram()));
  }

  @Test
  void mergeEqualsCountingTheUnion() {
    Random rnd = new Random(2);
    for (int trial = 0; trial < 10; trial++) {
      List<int[]> a = randomDocs(rnd, 40, 30, 8);
      List<int[]> b = randomDocs(rnd, 40, 30, 8);
      NgramCounter merged = countAll(a, 8, 4);
      merged.merge(countAll(b, 8, 4));
      List<int[]> union = new ArrayList<>(a);
      union.addAll(b);
      NgramCounter whole = countAll(union, 8, 4);
      assertEquals(BruteForceCounts.asMap(whole), BruteForceCounts.asMap(merged));
      assertEquals(whole.occurrences(), merged.occurrences());
    }
  }

  @Test
  void mergeRefusesCountersOfAnotherShape() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new NgramCounter(10, 3).merge(new NgramCounter(10, 4)));
    assertTrue(e.getMessage().contains("maxN=4"), e.getMessage());
  }

  @Test
  void tokenOutsideVocabularyIsRefusedAndNothingOfTheDocumentIsCounted() {
    NgramCounter c = new NgramCounter(10, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> c.addDocument(new int[] {1, 2, 10}));
    assertTrue(e.getMessage().contains("token id 10 at index 2"), e.getMessage());
    assertEquals(0, c.size());
  }

  @Test
  void bytesPerDistinctNgramIsTheTableArraysOverDistinctCount() {
    NgramCounter c = countAll(randomDocs(new Random(3), 200, 50, 1000), 1000, 5);
    double perNgram = c.bytesPerDistinctNgram();
    assertEquals((double) c.arrayBytes() / c.size(), perNgram, 1e-9);
    // 24 bytes per slot at load factor in (0.35, 0.7]
    assertTrue(perNgram >= 24 / 0.7 && perNgram <= 24 / 0.35 + 1e-9, "bytes per n-gram " + perNgram);
  }
}
