package dev.scone.bench.fgram;

import static dev.scone.bench.fgram.JmhSideBySide.BASELINE;
import static dev.scone.bench.fgram.JmhSideBySide.MEASURED;

import dev.scone.fgram.table.CachedEmbeddingTable;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.fgram.table.EmbeddingTable;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How fast the memory-mapped table gathers rows, against the best the JVM can do with the same
 * rows on the heap (JMH). Builds (once, then reuses) a float32 table of {@code rows x dim}
 * (default 1,048,576 x 256 = 1 GiB) and an int8 one of the same values in the work directory;
 * draws Zipf-distributed row ids in batches of 4096; then, side by side, one JMH operation being
 * all {@code batches} batches:
 *
 * <ul>
 *   <li>value ({@link #measured}): {@link EmbeddingTable#gather} into a direct buffer, GB/s of
 *       float32 rows written;
 *   <li>baseline ({@link #baseline}): {@code System.arraycopy} of the same rows from one on-heap
 *       {@code float[]} of the whole table into a {@code float[]} staging array (needs ~1.1 GiB of
 *       heap, which the forks inherit from this JVM's {@code -Xmx});
 *   <li>figures: rows/s of both; with {@code extras}, the Caffeine-cached gather on float32
 *       ({@link #cachedFp32}, vs the plain one) and on int8 ({@link #cachedInt8}, vs the plain
 *       int8 gather {@link #plainInt8}, which decodes on the fly), with hit rates.
 * </ul>
 *
 * <p>Goal: ratio (mmap / heap) >= 0.70. Deletes nothing; see {@link GatherBenchTables} for reuse.
 */
@State(Scope.Benchmark)
public class GatherBench {
  public static final double RATIO_GOAL = 0.70;
  /** The timed figures {@code extras} adds. */
  static final List<String> EXTRAS = List.of("cachedFp32", "plainInt8", "cachedInt8");

  /**
   * @param batches id batches per JMH operation (each gathers {@code batches * batchIds} rows)
   * @param cacheBytes byte budget of each Caffeine cache
   */
  public record Config(int rows, int dim, int batchIds, double zipfExponent, int batches, long cacheBytes, long seed)
      implements Serializable {
    public Config {
      if ((long) rows * dim > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("rows x dim must fit one float[]");
      }
      if (rows < 1 || dim < 1 || batchIds < 1 || batches < 1 || cacheBytes < 0) {
        throw new IllegalArgumentException("sizes must be positive: " + this);
      }
    }

    /** 1,048,576 x 256 float32 (1 GiB), Zipf s = 1.0, 64 batches of 4096 ids an operation, 256 MiB caches. */
    public static Config defaults() {
      return new Config(1 << 20, 256, 4096, 1.0, 64, 256L << 20, 42);
    }
  }

  /** What the forks measure: the tables' directory and shape, and the row ids of one operation. */
  record Inputs(String workDir, Config config, int[][] ids) implements Serializable {}

  /** Path of the serialized {@link Inputs} ({@link JmhSideBySide#inputs}). */
  @Param(JmhSideBySide.NO_INPUTS) public String inputs;

  private Config config;
  private EmbeddingTable f32;
  private EmbeddingTable i8;
  private int[][] ids;
  private ByteBuffer staging;

  @Setup
  public void open() throws IOException {
    Inputs in = JmhSideBySide.inputs(inputs, Inputs.class);
    config = in.config();
    ids = in.ids();
    f32 = GatherBenchTables.openOrBuild(Path.of(in.workDir()), config, EmbeddingDtype.FLOAT32);
    i8 = GatherBenchTables.openOrBuild(Path.of(in.workDir()), config, EmbeddingDtype.INT8);
    staging = stagingBuffer(config);
  }

  @TearDown
  public void close() {
    f32.close();
    i8.close();
  }

  @Benchmark
  public long measured() {
    return gatherAll(f32, ids, staging);
  }

  @Benchmark
  public float baseline(Heap heap) {
    int dim = config.dim();
    for (int[] batch : ids) {
      for (int i = 0; i < batch.length; i++) System.arraycopy(heap.table, batch[i] * dim, heap.staging, i * dim, dim);
    }
    return heap.staging[dim];
  }

  @Benchmark
  public long cachedFp32(CachedFp32 cache) {
    return gatherAll(cache.table, ids, staging);
  }

  @Benchmark
  public long plainInt8() {
    return gatherAll(i8, ids, staging);
  }

  @Benchmark
  public long cachedInt8(CachedInt8 cache) {
    return gatherAll(cache.table, ids, staging);
  }

  /** The baseline's whole table as one on-heap {@code float[]}, and its staging array. */
  @State(Scope.Benchmark)
  public static class Heap {
    float[] table;
    float[] staging;

    @Setup
    public void copy(GatherBench bench) {
      table = heapCopy(bench.f32, bench.staging);
      staging = new float[bench.config.batchIds() * bench.config.dim()];
    }
  }

  /** The Caffeine cache in front of the float32 table. */
  @State(Scope.Benchmark)
  public static class CachedFp32 {
    CachedEmbeddingTable table;

    @Setup
    public void open(GatherBench bench) {
      table = new CachedEmbeddingTable(bench.f32, bench.config.cacheBytes());
    }
  }

  /** The Caffeine cache in front of the int8 table (rows cached decoded). */
  @State(Scope.Benchmark)
  public static class CachedInt8 {
    CachedEmbeddingTable table;

    @Setup
    public void open(GatherBench bench) {
      table = new CachedEmbeddingTable(bench.i8, bench.config.cacheBytes());
    }
  }

  public static BenchResult run(Path workDir, JmhSideBySide.Settings settings, boolean extras) throws IOException {
    return run(workDir, Config.defaults(), settings, extras);
  }

  public static BenchResult run(Path workDir, Config c, JmhSideBySide.Settings settings, boolean extras)
      throws IOException {
    long heapNeeded = (long) c.rows() * c.dim() * Float.BYTES;
    if (Runtime.getRuntime().maxMemory() < heapNeeded + (c.cacheBytes() << 1) + (256L << 20)) {
      long mib = (heapNeeded + (c.cacheBytes() << 1)) >> 20;
      throw new IllegalStateException("gather bench needs a heap of at least " + mib
          + " MiB + 256 MiB (the on-heap baseline table and the caches); run with a larger -Xmx");
    }
    int[][] ids = GatherBenchIds.zipf(c.rows(), c.zipfExponent(), c.batches(), c.batchIds(), c.seed());
    double bytesPerOp = (double) c.batches() * c.batchIds() * c.dim() * Float.BYTES;
    double rowsPerOp = (double) c.batches() * c.batchIds();
    List<BenchResult.Figure> figures = new ArrayList<>();
    try (EmbeddingTable f32 = GatherBenchTables.openOrBuild(workDir, c, EmbeddingDtype.FLOAT32);
        EmbeddingTable i8 = GatherBenchTables.openOrBuild(workDir, c, EmbeddingDtype.INT8)) {
      List<String> methods = new ArrayList<>(List.of(MEASURED, BASELINE));
      if (extras) methods.addAll(EXTRAS);
      JmhSideBySide.Scores s = JmhSideBySide.run(GatherBench.class,
          new Inputs(workDir.toAbsolutePath().toString(), c, ids), settings, methods);
      double mmap = s.opsPerSecond(MEASURED);
      figures.add(new BenchResult.Figure("mmap_rows_per_s", rowsPerOp * mmap, "rows/s"));
      figures.add(new BenchResult.Figure("heap_rows_per_s", rowsPerOp * s.opsPerSecond(BASELINE), "rows/s"));
      figures.add(new BenchResult.Figure("mmap_ns_per_row", 1e9 / (rowsPerOp * mmap), "ns"));
      if (extras) {
        ByteBuffer staging = stagingBuffer(c);
        cachedVsPlain("fp32", f32, s.opsPerSecond(MEASURED), s.opsPerSecond("cachedFp32"), ids, staging, c, figures);
        cachedVsPlain("int8", i8, s.opsPerSecond("plainInt8"), s.opsPerSecond("cachedInt8"), ids, staging, c, figures);
      }
      figures.add(new BenchResult.Figure("distinct_rows_per_run", GatherBenchIds.distinct(ids, c.rows()), "rows"));
      figures.add(new BenchResult.Figure("table_gib", heapNeeded / (double) (1L << 30), "GiB"));
      figures.add(new BenchResult.Figure("ratio_goal", RATIO_GOAL, "x"));
      figures.addAll(s.errorFigures(bytesPerOp / 1e9, bytesPerOp / 1e9, "GB/s"));
      return new BenchResult("gather", bytesPerOp * mmap / 1e9, "GB/s", "heap float[] System.arraycopy",
          bytesPerOp * s.opsPerSecond(BASELINE) / 1e9, figures);
    }
  }

  /**
   * The cached and plain gathers' figures from their JMH rates; the hit rate is the cache's over
   * one operation after a warming one, replayed here (the forks' caches are gone with them).
   */
  private static void cachedVsPlain(String name, EmbeddingTable table, double plainOps, double cachedOps, int[][] ids,
      ByteBuffer staging, Config c, List<BenchResult.Figure> figures) {
    double bytesPerOp = (double) c.batches() * c.batchIds() * c.dim() * Float.BYTES;
    double rowsPerOp = (double) c.batches() * c.batchIds();
    CachedEmbeddingTable cached = new CachedEmbeddingTable(table, c.cacheBytes());
    gatherAll(cached, ids, staging);
    var warm = cached.stats();
    gatherAll(cached, ids, staging);
    double hitRate = cached.stats().minus(warm).hitRate();
    cached.invalidateAll();
    figures.add(new BenchResult.Figure("plain_" + name + "_gbps", bytesPerOp * plainOps / 1e9, "GB/s"));
    figures.add(new BenchResult.Figure("cached_" + name + "_gbps", bytesPerOp * cachedOps / 1e9, "GB/s"));
    figures.add(new BenchResult.Figure("cached_" + name + "_ns_per_row", 1e9 / (rowsPerOp * cachedOps), "ns"));
    figures.add(new BenchResult.Figure("cached_" + name + "_hit_rate", hitRate, "fraction"));
  }

  private static ByteBuffer stagingBuffer(Config c) {
    return ByteBuffer.allocateDirect(c.batchIds() * c.dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  static long gatherAll(EmbeddingLookup table, int[][] ids, ByteBuffer staging) {
    long sum = 0;
    for (int[] batch : ids) {
      table.gather(batch, batch.length, staging);
      sum += staging.getInt(0);
    }
    return sum;
  }

  /** The whole table as one float[] (read through the mapped table, which also warms the page cache). */
  static float[] heapCopy(EmbeddingTable table, ByteBuffer staging) {
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
