package dev.scone.model;

import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SconeBatchTest {

  @Test
  void eachDistinctFgramAppearsOnceAndEveryPositionPointsAtItsTokens() {
    Random random = new Random(41);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 7);
    int b = 3;
    int t = 20;
    int[] tokens = TinyModels.randomTokens(random, b * t);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.6);
    SconeBatch batch = SconeBatch.of(tokens, rows, b, t, V, TinyModels.MAX_N, fgrams::get);

    Set<Integer> distinct = new LinkedHashSet<>(); // brute force, in first-seen order
    for (int row : rows) if (row >= V) distinct.add(row - V);
    assertEquals(distinct.size(), batch.uniqueFgrams());
    assertEquals(List.copyOf(distinct), java.util.stream.IntStream.range(0, batch.uniqueFgrams())
        .mapToObj(batch::fgramId).toList());

    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDList arrays = batch.toNDList(manager);
      assertEquals(new Shape(b, t), arrays.get(0).getShape());
      int width = Math.toIntExact(arrays.get(3).getShape().get(1));
      long[] slot = arrays.get(1).toLongArray();
      boolean[] replaced = arrays.get(2).toBooleanArray();
      long[] fgramTokens = arrays.get(3).toLongArray();
      long[] last = arrays.get(4).toLongArray();
      for (int i = 0; i < rows.length; i++) {
        assertEquals(rows[i] >= V, replaced[i], "position " + i);
        if (rows[i] < V) continue;
        int s = (int) slot[i];
        long[] got = Arrays.copyOfRange(fgramTokens, s * width, s * width + (int) last[s] + 1);
        assertArrayEquals(Arrays.stream(fgrams.get(rows[i] - V)).asLongStream().toArray(), got);
      }
    }
  }

  @Test
  void tokensOnlyBatchHasJustTheTokenArray() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDList arrays = SconeBatch.tokensOnly(new int[] {1, 2, 3, 4}, 2, 2, V).toNDList(manager);
      assertEquals(1, arrays.size());
      assertArrayEquals(new long[] {1, 2, 3, 4}, arrays.get(0).toLongArray());
    }
  }

  @Test
  void inconsistentInputsAreRejectedNamingThePositionOrFgram() {
    int[] tokens = {1, 2, 3};
    List<int[]> fgrams = List.of(new int[] {1, 2}, new int[] {1, 2, 3, 4, 5}, new int[] {1, V});
    assertMessage("position 1 has token 2 but row 5; a row below V=100 must be the token itself",
        () -> SconeBatch.of(tokens, new int[] {1, 5, 3}, 1, 3, V, 4, fgrams::get));
    assertMessage("f-gram 1 is [1, 2, 3, 4, 5]; f-grams have 2..4 tokens",
        () -> SconeBatch.of(tokens, new int[] {1, V + 1, 3}, 1, 3, V, 4, fgrams::get));
    assertMessage("f-gram 2 [1, 100] has token 100 outside [0, 100)",
        () -> SconeBatch.of(tokens, new int[] {1, V + 2, 3}, 1, 3, V, 4, fgrams::get));
    assertMessage("3 tokens do not form a batch of 2 x 2",
        () -> SconeBatch.tokensOnly(tokens, 2, 2, V));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().equals(expected), e.getMessage());
  }
}
