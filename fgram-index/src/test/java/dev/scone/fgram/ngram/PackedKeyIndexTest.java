package dev.scone.fgram.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedKeyIndexTest {
  private record Key(long lo, long hi) {}

  @Test
  void getPutRemoveAgreeWithHashMapUnderEvictionChurn() {
    Random rnd = new Random(21);
    int maxKeys = 64;
    PackedKeyIndex index = new PackedKeyIndex(maxKeys);
    Map<Key, Integer> ref = new HashMap<>();
    List<Key> present = new ArrayList<>();
    for (int step = 0; step < 100_000; step++) {
      // Keys from a pool of 300 so removals and re-insertions collide in long probe runs.
      Key k = new Key(1 + rnd.nextInt(300), rnd.nextInt(3));
      if (ref.size() == maxKeys || (rnd.nextInt(3) == 0 && !present.isEmpty())) {
        Key victim = present.remove(rnd.nextInt(present.size()));
        assertEquals(true, index.remove(victim.lo(), victim.hi()));
        ref.remove(victim);
      } else {
        int v = rnd.nextInt(1000);
        if (ref.put(k, v) == null) present.add(k);
        index.put(k.lo(), k.hi(), v);
      }
      if (step % 97 == 0) {
        for (long lo = 1; lo <= 300; lo++) {
          for (long hi = 0; hi < 3; hi++) {
            assertEquals(ref.getOrDefault(new Key(lo, hi), -1), index.get(lo, hi), "step " + step);
          }
        }
      }
      assertEquals(ref.size(), index.size());
    }
  }

  @Test
  void removingAnAbsentKeyChangesNothing() {
    PackedKeyIndex index = new PackedKeyIndex(4);
    index.put(5, 0, 1);
    assertEquals(false, index.remove(6, 0));
    assertEquals(1, index.get(5, 0));
  }

  @Test
  void insertingBeyondMaxKeysIsRefused() {
    PackedKeyIndex index = new PackedKeyIndex(2);
    index.put(1, 0, 0);
    index.put(2, 0, 1);
    index.put(2, 0, 5); // replacing is fine
    assertThrows(IllegalStateException.class, () -> index.put(3, 0, 2));
  }
}
