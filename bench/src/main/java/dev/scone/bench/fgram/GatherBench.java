package dev.scone.bench.fgram;

import dev.scone.fgram.table.CachedEmbeddingTable;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.fgram.table.EmbeddingTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast the memory-mapped table gathers rows, against the best the JVM can do with the same
 * rows on the heap. Builds (once, then reuses) a float32 table of {@code rows x dim} (default
 * 1,048,576 x 256 = 1 GiB) and an int8 one of the same values in the work directory; draws
 * Zipf-distributed row ids in batches of 4096; then, side by side:
 *
 * <ul>
 *   <li>value: {@link EmbeddingTable#gather} into a direct buffer, GB/s of float32 rows written;
 *   <li>baseline: {@code System.arraycopy} of the same rows from one on-heap {@code float[]} of
 *       the whole table into a {@code float[]} staging array (needs ~1.1 GiB of heap);
 *   <li>figures: rows/s of both; the Caffeine-cached gather on float32 (vs the plain one) and on
 *       int8 (vs the plain int8 gather, which decodes on the fly), with hit rates.
 * </ul>
 *
 * <p>Goal: ratio (mmap / heap) >= 0.70. Deletes nothing; see {@link GatherBenchTables} for reuse.
 */
public final class GatherBench {
  public static final double RATIO_GOAL = 0.70;

  /**
   * @param batches id batches per timed run (each run gathers {@code batches * batchIds} rows)
   * @param cacheBytes byte budget of each Caffeine cache
   */
  public record Config(int rows, int dim, int batchIds, double zipfExponent, int batches, long cacheBytes, int warmups,
      int runs, long seed) {
    public Config {
      if ((long) rows * dim > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("rows x dim must fit one float[]");
      }
      if (rows < 1 || dim < 1 || batchIds < 1 || batches < 1 || runs < 1 || warmups < 0 || cacheBytes < 0) {
        throw new IllegalArgumentException("sizes must be positive: " + this);
      }
    }

    /** 1,048,576 x 256 float32 (1 GiB), Zipf s = 1.0, 64 batches of 4096 ids a run, 256 MiB caches. */
    public static Config defaults() {
      return new Config(1 << 20, 256, 4096, 1.0, 64, 256L << 20, 3, 15, 42);
    }
  }

  private GatherBench() {}

  public static BenchResult run(Path workDir) throws IOException {
    return run(workDir, Config.defaults());
  }

  public static BenchResult run(Path workDir, Config c) throws IOException {
    long heapNeeded = (long) c.rows() * c.dim() * Float.BYTES;
    if (Runtime.getRuntime().maxMemory() < heapNeeded + (c.cacheBytes() << 1) + (256L << 20)) {
      long mib = (heapNeeded + (c.cacheBytes() << 1)) >> 20;
      throw new IllegalStateException("gather bench needs a heap of at least " + mib
          + " MiB + 256 MiB (the on-heap baseline table and the caches); run with a larger -Xmx");
    }
    int[][] ids = GatherBenchIds.zipf(c.rows(), c.zipfExponent(), c.batches(), c.batchIds(), c.seed());
    double bytesPerRun = (double) c.batches() * c.batchIds() * c.dim() * Float.BYTES;
    double rowsPerRun = (double) c.batches() * c.batchIds();
    List<BenchResult.Figure> figures = new ArrayList<>();
    try (EmbeddingTable f32 = GatherBenchTables.openOrBuild(workDir, c, EmbeddingDtype.FLOAT32);
        EmbeddingTable i8 = GatherBenchTables.openOrBuild(workDir, c, EmbeddingDtype.INT8)) {
      ByteBuffer staging =
          ByteBuffer.allocateDirect(c.batchIds() * c.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      double[] mmapVsHeap = mmapVsHeap(f32, ids, staging, c);
      figures.add(new BenchResult.Figure("mmap_rows_per_s", rowsPerRun / mmapVsHeap[0], "rows/s"));
      figures.add(new BenchResult.Figure("heap_rows_per_s", rowsPerRun / mmapVsHeap[1], "rows/s"));
      figures.add(new BenchResult.Figure("mmap_ns_per_row", mmapVsHeap[0] / rowsPerRun * 1e9, "ns"));
      cachedVsPlain("fp32", f32, ids, staging, c, bytesPerRun, rowsPerRun, figures);
      cachedVsPlain("int8", i8, ids, staging, c, bytesPerRun, rowsPerRun, figures);
      figures.add(new BenchResult.Figure("distinct_rows_per_run", GatherBenchIds.distinct(ids, c.rows()), "rows"));
      figures.add(new BenchResult.Figure("table_gib", heapNeeded / (double) (1L << 30), "GiB"));
      figures.add(new BenchResult.Figure("ratio_goal", RATIO_GOAL, "x"));
      return new BenchResult("gather", bytesPerRun / mmapVsHeap[0] / 1e9, "GB/s", "heap float[] System.arraycopy",
          bytesPerRun / mmapVsHeap[1] / 1e9, figures);
    }
  }

  /** Median seconds per run of the mmap gather and of the on-heap copy, alternated run by run. */
  private static double[] mmapVsHeap(EmbeddingTable table, int[][] ids, ByteBuffer staging, Config c) {
    float[] heap = heapCopy(table, staging);
    float[] heapStaging = new float[c.batchIds() * c.dim()];
    int dim = c.dim();
    return BenchTimer.sideBySide(c.warmups(), c.runs(), () -> gatherAll(table, ids, staging), () -> {
      for (int[] batch : ids) {
        for (int i = 0; i < batch.length; i++) System.arraycopy(heap, batch[i] * dim, heapStaging, i * dim, dim);
      }
      return Float.floatToRawIntBits(heapStaging[dim]);
    });
  }

  private static void cachedVsPlain(String name, EmbeddingTable table, int[][] ids, ByteBuffer staging, Config c,
      double bytesPerRun, double rowsPerRun, List<BenchResult.Figure> figures) {
    CachedEmbeddingTable cached = new CachedEmbeddingTable(table, c.cacheBytes());
    double[] s = BenchTimer.sideBySide(c.warmups(), c.runs(), () -> gatherAll(cached, ids, staging),
        () -> gatherAll(table, ids, staging));
    figures.add(new BenchResult.Figure("plain_" + name + "_gbps", bytesPerRun / s[1] / 1e9, "GB/s"));
    figures.add(new BenchResult.Figure("cached_" + name + "_gbps", bytesPerRun / s[0] / 1e9, "GB/s"));
    figures.add(new BenchResult.Figure("cached_" + name + "_ns_per_row", s[0] / rowsPerRun * 1e9, "ns"));
    figures.add(new BenchResult.Figure("cached_" + name + "_hit_rate", cached.hitRate(), "fraction"));
    cached.invalidateAll();
  }

  private static long gatherAll(EmbeddingLookup table, int[][] ids, ByteBuffer staging) {
    long sum = 0;
    for (int[] batch : ids) {
      table.gather(batch, batch.length, staging);
      sum += staging.getInt(0);
    }
    return sum;
  }

  /** The whole table as one float[] (read through the mapped table, which also warms the page cache). */
  private static float[] heapCopy(EmbeddingTable table, ByteBuffer staging) {
    int dim = table.dim();
    int chunk = staging.capacity() / (dim * Float.BYTES);
    float[] heap = new float[table.rows() * dim];
    int[] rows = new int[chunk];
    for (int first = 0; first < table.rows(); first += chunk) {
      int n = Math.min(chunk, table.rows() - first);
      for (int i = 0; i < n; i++) rows[i] = first + i;
      table.gather(rows, n, staging);
      staging.asFloatBuffer().get(heap, first * dim, n * dim);
    }
    return heap;
  }
}
