package dev.scone.fgram.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NgramCountTableTest {
  private record Key(long lo, long hi) {}

  private static Map<Key, Long> contents(NgramCountTable t) {
    Map<Key, Long> out = new HashMap<>();
    t.forEach((lo, hi, c) -> assertEquals(null, out.put(new Key(lo, hi), c), "key visited twice"));
    return out;
  }

  /** Keys from a small pool, so adds hit existing keys often; includes hi != 0 and negative words. */
  private static Key randomKey(Random rnd, int pool) {
    int k = rnd.nextInt(pool);
    long lo = k % 3 == 0 ? -(k + 1L) : k + 1L;
    long hi = k % 5 == 0 ? 0 : k * 0x9E3779B97F4A7C15L;
    return new Key(lo, hi);
  }

  @Test
  void addAndGetAgreeWithHashMapThroughManyGrowths() {
    Random rnd = new Random(5);
    NgramCountTable table = new NgramCountTable(0);
    Map<Key, Long> ref = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      Key k = randomKey(rnd, 20_000);
      long delta = 1 + rnd.nextInt(3);
      table.add(k.lo(), k.hi(), delta);
      ref.merge(k, delta, Long::sum);
    }
    assertEquals(ref, contents(table));
    assertEquals(ref.size(), table.size());
    for (int i = 0; i < 1000; i++) {
      Key k = randomKey(rnd, 40_000);
      assertEquals(ref.getOrDefault(k, 0L), table.get(k.lo(), k.hi()));
      assertEquals(ref.containsKey(k), table.contains(k.lo(), k.hi()));
    }
    assertTrue(table.size() <= 0.7 * table.capacity());
    assertEquals(24L * table.capacity(), table.arrayBytes());
  }

  @Test
  void retainingAtLeastKeepsExactlyTheEntriesAtOrAboveTheThreshold() {
    Random rnd = new Random(6);
    NgramCountTable table = new NgramCountTable(16);
    for (int i = 0; i < 5000; i++) {
      Key k = randomKey(rnd, 1000);
      table.add(k.lo(), k.hi(), 1);
    }
    Map<Key, Long> expected = new HashMap<>(contents(table));
    expected.values().removeIf(c -> c < 6);
    NgramCountTable kept = table.retainingAtLeast(6);
    assertEquals(expected, contents(kept));
    assertEquals(expected.size(), kept.size());
    assertFalse(expected.isEmpty());
  }

  @Test
  void addAllSumsCounts() {
    NgramCountTable a = new NgramCountTable(4);
    NgramCountTable b = new NgramCountTable(4);
    a.add(1, 0, 2);
    a.add(2, 7, 1);
    b.add(2, 7, 5);
    b.add(3, 0, 1);
    a.addAll(b);
    assertEquals(Map.of(new Key(1, 0), 2L, new Key(2, 7), 6L, new Key(3, 0), 1L), contents(a));
  }

  @Test
  void emptyKeyIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new NgramCountTable(4).add(0, 5, 1));
    assertTrue(e.getMessage().contains("lo == 0"), e.getMessage());
    assertEquals(0, new NgramCountTable(4).get(0, 5));
  }
}
