package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.table.RowPrefetcher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;

/**
 * Gathering rows of a table that is on disk, not in memory: what asynchronous prefetch is worth.
 * A synthetic table (random rows, labelled so) is written, then, with the page cache dropped
 * before each run, batches of uniformly random rows are gathered from the mapped file either
 * plainly (each row faults in on the gathering thread: one read in flight) or after a
 * {@link RowPrefetcher} paged them in on its pool (many reads in flight). Runs alternate; rows/s
 * of each, median over runs. The table is deleted at the end.
 */
public final class ColdGatherBench {
  /**
   * @param tableBytes size of the synthetic table
   * @param batchRows rows per gathered batch (a batch's tokens)
   * @param batches batches per run
   * @param threads prefetch pool size (reads in flight)
   * @param runs alternating plain/prefetch pairs
   */
  public record Config(Path scratchParent, long tableBytes, int dim, EmbeddingDtype dtype, int batchRows,
      int batches, int threads, int runs) {}

  private ColdGatherBench() {}

  public static BenchResult run(Config c) throws IOException, InterruptedException, ExecutionException {
    long rowBytes = (long) c.dim() * c.dtype().bytesPerElement();
    int rows = (int) Math.min(Integer.MAX_VALUE - 1, c.tableBytes() / rowBytes);
    try (ScratchDir scratch = ScratchDir.create(c.scratchParent(), "scone-gather-cold-", c.tableBytes(),
        ScratchDir.DEFAULT_RESERVE_BYTES)) {
      Path file = scratch.path().resolve("table.arrow");
      long t0 = System.nanoTime();
      writeSynthetic(file, rows, c);
      // Without a sidecar the open does not hash the file, which would read it all into the page cache.
      Files.delete(FileSha256.sidecarOf(file));
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      List<Double> plain = new ArrayList<>();
      List<Double> prefetched = new ArrayList<>();
      boolean cold = true;
      try (RowPrefetcher prefetcher = RowPrefetcher.create(c.threads())) {
        for (int r = 0; r < c.runs(); r++) {
          cold &= PageCache.drop();
          plain.add(timeRun(file, rows, c, null, r));
          cold &= PageCache.drop();
          prefetched.add(timeRun(file, rows, c, prefetcher, r));
        }
      }
      double plainRate = median(plain);
      double prefetchRate = median(prefetched);
      List<BenchResult.Figure> figures = List.of(
          new BenchResult.Figure("table_bytes", (double) rows * rowBytes, "B (synthetic rows)"),
          new BenchResult.Figure("rows", rows, "rows"),
          new BenchResult.Figure("batch_rows", c.batchRows(), "rows per batch"),
          new BenchResult.Figure("prefetch_threads", c.threads(), "reads in flight"),
          new BenchResult.Figure("page_cache_dropped", cold ? 1 : 0, "1: dropped before every run; 0: refused"),
          new BenchResult.Figure("write_s", writeSeconds, "s (table written)"),
          new BenchResult.Figure("rss_bytes", ProcessMemory.residentSetBytes(), "B at the end"),
          new BenchResult.Figure("table_resident_bytes", ProcessMemory.residentBytesOf(file), "B of the table mapped in, at the end"),
          new BenchResult.Figure("load_average", ProcessMemory.loadAverage(), "1-min, at the end"));
      return new BenchResult("gather-cold", prefetchRate, "rows/s", "plain gather from the mapped file", plainRate,
          figures);
    }
  }

  /** Rows/s of one run: open, then gather every batch (prefetching it first when a prefetcher is given). */
  private static double timeRun(Path file, int rows, Config c, RowPrefetcher prefetcher, int run)
      throws IOException, InterruptedException, ExecutionException {
    SplittableRandom random = new SplittableRandom(1000L + run); // plain and prefetch read the same rows
    int[] ids = new int[c.batchRows()];
    ByteBuffer out = ByteBuffer.allocateDirect(c.batchRows() * c.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (EmbeddingTable table = EmbeddingTable.open(file)) {
      long t0 = System.nanoTime();
      for (int b = 0; b < c.batches(); b++) {
        for (int i = 0; i < ids.length; i++) ids[i] = random.nextInt(rows);
        if (prefetcher != null) prefetcher.prefetch(table, ids, ids.length).get();
        out.clear();
        table.gather(ids, ids.length, out);
      }
      return (double) c.batches() * c.batchRows() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static void writeSynthetic(Path file, int rows, Config c) throws IOException {
    EmbeddingTableMeta meta = new EmbeddingTableMeta("synthetic", 1, 2, 1, c.dim(), c.dtype(), rows, "00".repeat(32),
        "synthetic", EmbeddingTableMeta.DEFAULT_BATCH_ROWS);
    int chunk = 4096;
    float[] values = new float[chunk * c.dim()];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextDouble() * 2 - 1);
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(file, meta)) {
      for (int from = 0; from < rows; from += chunk) writer.append(values, 0, Math.min(chunk, rows - from));
      writer.finish();
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
