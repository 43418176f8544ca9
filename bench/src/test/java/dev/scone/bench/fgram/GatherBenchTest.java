package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the gather bench at toy size: its shape and file handling, not its speed. */
class GatherBenchTest {
  @TempDir Path dir;

  private static final GatherBench.Config TINY = new GatherBench.Config(3000, 16, 64, 1.0, 4, 64 << 10, 7);

  @Test
  void reportsAllFiguresAndReusesItsTables() throws Exception {
    BenchResult r = GatherBench.run(dir, TINY, JmhSmoke.SETTINGS, true);
    JmhSmoke.assertContract(r, "gather", "GB/s");
    Set<String> names = r.figures().stream().map(BenchResult.Figure::name).collect(Collectors.toSet());
    for (String n : new String[] {"mmap_rows_per_s", "heap_rows_per_s", "cached_fp32_gbps", "cached_fp32_hit_rate",
        "plain_int8_gbps", "cached_int8_gbps", "cached_int8_hit_rate"}) {
      assertTrue(names.contains(n), n + " in " + names);
    }
    Path f32 = dir.resolve("gather-bench-float32-3000x16.arrow");
    FileTime built = Files.getLastModifiedTime(f32);
    GatherBench.run(dir, TINY, JmhSmoke.SETTINGS, false);
    assertEquals(built, Files.getLastModifiedTime(f32), "the second run reuses the table");
  }

  @Test
  void measuredAndBaselineGatherTheSameRows() throws Exception {
    try (EmbeddingTable table = GatherBenchTables.openOrBuild(dir, TINY, EmbeddingDtype.FLOAT32)) {
      ByteBuffer staging = ByteBuffer.allocateDirect(TINY.batchIds() * TINY.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      float[] heap = GatherBench.heapCopy(table, staging);
      int[] rows = {0, 2999, 17, 17, 1500};
      table.gather(rows, rows.length, staging);
      FloatBuffer gathered = staging.asFloatBuffer();
      for (int i = 0; i < rows.length; i++) {
        for (int j = 0; j < TINY.dim(); j++) {
          assertEquals(heap[rows[i] * TINY.dim() + j], gathered.get(i * TINY.dim() + j), "row " + rows[i] + " col " + j);
        }
      }
    }
  }

  @Test
  void foreignFileUnderTheBenchNameIsLeftAloneAndReported() throws Exception {
    Path foreign = dir.resolve("gather-bench-float32-3000x16.arrow");
    Files.writeString(foreign, "user data");
    IOException e = assertThrows(IOException.class, () -> GatherBench.run(dir, TINY, JmhSmoke.SETTINGS, false));
    assertTrue(e.getMessage().contains("remove it or choose another work directory"), e.getMessage());
    assertEquals("user data", Files.readString(foreign));
  }
}
