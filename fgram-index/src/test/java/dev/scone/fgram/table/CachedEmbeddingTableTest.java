package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedEmbeddingTableTest {
  @TempDir Path dir;

  private EmbeddingTable table(EmbeddingDtype dtype, int rows, int dim, long seed) throws Exception {
    Path file = dir.resolve(dtype.label() + ".arrow");
    Random rnd = new Random(seed);
    Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, dtype, 16), Fixtures.values(rnd, rows * dim, 2f), rnd);
    return EmbeddingTable.open(file);
  }

  @Test
  void cachedGatherEqualsTableGatherForEveryDtype() throws Exception {
    for (EmbeddingDtype dtype : EmbeddingDtype.values()) {
      try (EmbeddingTable t = table(dtype, 100, 9, dtype.ordinal())) {
        CachedEmbeddingTable cached = new CachedEmbeddingTable(t, 1 << 20);
        Random rnd = new Random(40);
        for (int k = 0; k < 20; k++) {
          int count = 1 + rnd.nextInt(200);
          int[] ids = new int[count];
          for (int i = 0; i < count; i++) ids[i] = rnd.nextInt(100);
          ByteBuffer expected = ByteBuffer.allocateDirect(count * 9 * 4).order(ByteOrder.LITTLE_ENDIAN);
          ByteBuffer got = ByteBuffer.allocateDirect(count * 9 * 4).order(ByteOrder.LITTLE_ENDIAN);
          t.gather(ids, count, expected);
          cached.gather(ids, count, got);
          assertEquals(expected, got, dtype + " gather " + k);
        }
        EmbeddingTableRoundTripTest.assertGatherMatchesRows(cached, rnd);
      }
    }
  }

  @Test
  void repeatedRowsAreServedFromTheCache() throws Exception {
    try (EmbeddingTable t = table(EmbeddingDtype.INT8, 50, 4, 41)) {
      CachedEmbeddingTable cached = new CachedEmbeddingTable(t, 1 << 20);
      ByteBuffer dst = ByteBuffer.allocateDirect(4 * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
      cached.gather(new int[] {1, 2, 1, 2}, 4, dst); // 2 misses, 2 hits
      cached.gather(new int[] {1, 2, 1, 2}, 4, dst); // 4 hits
      assertEquals(6, cached.stats().hitCount());
      assertEquals(2, cached.stats().missCount());
      assertEquals(0.75, cached.hitRate(), 1e-9);
    }
  }

  @Test
  void byteBudgetBoundsTheCachedRows() throws Exception {
    int dim = 8; // 32 value bytes + 64 overhead = 96 bytes a row
    try (EmbeddingTable t = table(EmbeddingDtype.FLOAT32, 500, dim, 42)) {
      CachedEmbeddingTable cached = new CachedEmbeddingTable(t, 96 * 10);
      for (int r = 0; r < 500; r++) cached.row(r);
      cached.cleanUp();
      assertTrue(cached.cachedRows() <= 10, "cached rows: " + cached.cachedRows());
      assertTrue(cached.stats().evictionCount() >= 490, "evictions: " + cached.stats().evictionCount());
    }
  }

  @Test
  void rowsHandedOutAreCopiesThatCannotChangeTheCache() throws Exception {
    try (EmbeddingTable t = table(EmbeddingDtype.FLOAT16, 10, 3, 43)) {
      CachedEmbeddingTable cached = new CachedEmbeddingTable(t, 1 << 20);
      float[] first = cached.row(4);
      first[0] = 12345f;
      assertArrayEquals(t.row(4), cached.row(4));
    }
  }

  @Test
  void outOfRangeIdsAreRefusedLikeTheTable() throws Exception {
    try (EmbeddingTable t = table(EmbeddingDtype.FLOAT32, 10, 3, 44)) {
      CachedEmbeddingTable cached = new CachedEmbeddingTable(t, 1 << 20);
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> cached.row(10));
      assertTrue(e.getMessage().contains("row id 10"), e.getMessage());
      ByteBuffer dst = ByteBuffer.allocateDirect(24).order(ByteOrder.LITTLE_ENDIAN);
      assertThrows(IndexOutOfBoundsException.class, () -> cached.gather(new int[] {0, -5}, 2, dst));
    }
  }
}
