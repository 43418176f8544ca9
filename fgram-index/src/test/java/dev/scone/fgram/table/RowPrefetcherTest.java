package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowPrefetcherTest {
  @TempDir Path dir;

  @Test
  void prefetchedRowsGatherAsTheyWouldWithoutAndBadIdsFailTheFuture() throws Exception {
    Random rnd = new Random(4);
    for (EmbeddingDtype dtype : EmbeddingDtype.values()) {
      int rows = 700;
      int dim = 1100; // a row of int8, float16 or float32 spans one to two pages
      EmbeddingTableMeta meta = Fixtures.meta(1, rows, dim, dtype, 300);
      Path file = dir.resolve(dtype.label() + ".arrow");
      Fixtures.writeTable(file, meta, Fixtures.values(rnd, rows * dim, 3f), rnd);
      int[] ids = rnd.ints(500, 0, rows).toArray();
      try (EmbeddingTable table = EmbeddingTable.open(file); RowPrefetcher prefetcher = RowPrefetcher.create(3)) {
        prefetcher.prefetch(table, ids, ids.length).get();
        ByteBuffer out = ByteBuffer.allocateDirect(ids.length * dim * 4).order(ByteOrder.nativeOrder());
        table.gather(ids, ids.length, out);
        for (int i = 0; i < ids.length; i += 37) {
          float[] row = new float[dim];
          out.asFloatBuffer().get(i * dim, row);
          assertArrayEquals(table.row(ids[i]), row, dtype + " row " + ids[i]);
        }
        int[] bad = {1, rows};
        ExecutionException e = assertThrows(ExecutionException.class, () -> prefetcher.prefetch(table, bad, 2).get());
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException || e.getCause() instanceof IllegalArgumentException,
            e.getCause().toString());
      }
    }
  }
}
