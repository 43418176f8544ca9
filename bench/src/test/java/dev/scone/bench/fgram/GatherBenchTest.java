package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

  private static final GatherBench.Config TINY = new GatherBench.Config(3000, 16, 64, 1.0, 4, 64 << 10, 1, 3, 7);

  @Test
  void reportsAllFiguresAndReusesItsTables() throws Exception {
    BenchResult r = GatherBench.run(dir, TINY);
    assertEquals("gather", r.bench());
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toTable());
    Set<String> names = r.figures().stream().map(BenchResult.Figure::name).collect(Collectors.toSet());
    for (String n : new String[] {"mmap_rows_per_s", "heap_rows_per_s", "cached_fp32_gbps", "cached_fp32_hit_rate",
        "plain_int8_gbps", "cached_int8_gbps", "cached_int8_hit_rate"}) {
      assertTrue(names.contains(n), n + " in " + names);
    }
    Path f32 = dir.resolve("gather-bench-float32-3000x16.arrow");
    FileTime built = Files.getLastModifiedTime(f32);
    GatherBench.run(dir, TINY);
    assertEquals(built, Files.getLastModifiedTime(f32), "the second run reuses the table");
  }

  @Test
  void foreignFileUnderTheBenchNameIsLeftAloneAndReported() throws Exception {
    Path foreign = dir.resolve("gather-bench-float32-3000x16.arrow");
    Files.writeString(foreign, "user data");
    IOException e = assertThrows(IOException.class, () -> GatherBench.run(dir, TINY));
    assertTrue(e.getMessage().contains("remove it or choose another work directory"), e.getMessage());
    assertEquals("user data", Files.readString(foreign));
  }
}
