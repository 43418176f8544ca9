package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReadPathTest {
  @TempDir Path dir;

  private static final List<TableReadOptions> PATHS = List.of(TableReadOptions.IN_MEMORY,
      new TableReadOptions(0, 3), new TableReadOptions(1 << 20, 0), new TableReadOptions(1 << 20, 3),
      new TableReadOptions(40L * (4 * 96 + 64), 2), // a cache of 40 rows: evicts while gathering
      new TableReadOptions(0, 0, true, true), new TableReadOptions(1 << 20, 0, true, false),
      new TableReadOptions(0, 2, false, true)); // madvise: prefetch by WILLNEED, faults of one page

  @Test
  void everyReadPathGathersTheRowsAPlainGatherDoes() throws Exception {
    Random rnd = new Random(18);
    for (EmbeddingDtype dtype : EmbeddingDtype.values()) {
      int rows = 900;
      int dim = 96;
      Path file = dir.resolve(dtype.label() + ".arrow");
      Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, dtype, 256), Fixtures.values(rnd, rows * dim, 2f), rnd);
      try (EmbeddingTable table = EmbeddingTable.open(file)) {
        int[] ids = rnd.ints(600, 0, rows).toArray(); // repeats: the cache tier hits
        ByteBuffer expected = gather(table, ids);
        for (TableReadOptions options : PATHS) {
          try (TableReadPath path = TableReadPath.open(table, options)) {
            for (int pass = 0; pass < 2; pass++) { // the second pass reads what the first cached
              path.prefetch(ids, ids.length).get();
              assertEquals(expected, gather(path, ids), dtype + " " + options + " pass " + pass);
            }
            assertArrayEquals(table.row(ids[7]), path.row(ids[7]), dtype + " " + options);
          }
        }
      }
    }
  }

  @Test
  void prefetchCopiesTheIdsAndFailsItsFutureOnAnIdOutsideTheTable() throws Exception {
    Random rnd = new Random(3);
    Path file = dir.resolve("t.arrow");
    Fixtures.writeTable(file, Fixtures.meta(1, 100, 8, EmbeddingDtype.FLOAT32, 64), Fixtures.values(rnd, 800, 1f), rnd);
    try (EmbeddingTable table = EmbeddingTable.open(file);
        TableReadPath path = TableReadPath.open(table, new TableReadOptions(0, 2))) {
      int[] ids = {1, 2, 100};
      var future = path.prefetch(ids, ids.length);
      ids[2] = 3; // the prefetch read its own copy
      ExecutionException e = assertThrows(ExecutionException.class, future::get);
      assertTrue(e.getCause() instanceof IndexOutOfBoundsException, e.getCause().toString());
      assertTrue(path.prefetch(ids, 0).isDone());
    }
    try (EmbeddingTable table = EmbeddingTable.open(file);
        TableReadPath path = TableReadPath.open(table, new TableReadOptions(0, 0, true, false))) {
      ExecutionException e = assertThrows(ExecutionException.class, path.prefetch(new int[] {1, 100}, 2)::get);
      assertTrue(e.getCause() instanceof IndexOutOfBoundsException, "madvise: " + e.getCause());
    }
  }

  @Test
  void optionsRefuseNegativeBudgets() {
    assertThrows(IllegalArgumentException.class, () -> new TableReadOptions(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TableReadOptions(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new TableReadOptions(0, 2, true, false), "pool or madvise");
  }

  private static ByteBuffer gather(EmbeddingLookup lookup, int[] ids) {
    ByteBuffer out = ByteBuffer.allocateDirect(ids.length * lookup.dim() * 4).order(ByteOrder.LITTLE_ENDIAN);
    lookup.gather(ids, ids.length, out);
    return out;
  }
}
