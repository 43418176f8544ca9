package dev.scone.fgram.table;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A Caffeine cache of decoded float32 rows in front of an {@link EmbeddingTable}, bounded by an
 * approximate byte budget ({@code 4 * dim + 64} bytes per row: values, array header, key, cache
 * entry). It pays where producing a row costs more than copying it: int8 / float16 decode, or a
 * table larger than RAM whose rows would come from disk. For a float32 table already in the page
 * cache the plain table is faster (see {@code GatherBench}).
 *
 * <p>Thread-safe; gathers may run concurrently. Does not own the table: closing the table is the
 * caller's job, after which gathers of uncached rows throw {@link IllegalStateException}.
 */
public final class CachedEmbeddingTable implements EmbeddingLookup {
  private static final int ENTRY_OVERHEAD_BYTES = 64;

  private final EmbeddingTable table;
  private final Cache<Integer, float[]> rows;
  private final long maximumBytes;

  /** Caches rows of {@code table} up to about {@code maximumBytes} bytes, recording statistics. */
  public CachedEmbeddingTable(EmbeddingTable table, long maximumBytes) {
    if (maximumBytes < 0) throw new IllegalArgumentException("maximumBytes must be >= 0, got " + maximumBytes);
    this.table = table;
    this.maximumBytes = maximumBytes;
    int entryBytes = table.dim() * Float.BYTES + ENTRY_OVERHEAD_BYTES;
    this.rows = Caffeine.newBuilder()
        .maximumWeight(maximumBytes)
        .weigher((Integer id, float[] row) -> entryBytes)
        .recordStats()
        .build();
  }

  public EmbeddingTable table() {
    return table;
  }

  /** The configured budget in bytes. */
  public long maximumBytes() {
    return maximumBytes;
  }

  @Override
  public int rows() {
    return table.rows();
  }

  @Override
  public int dim() {
    return table.dim();
  }

  @Override
  public void gather(int[] rowIds, int count, ByteBuffer directDst) {
    int dim = table.dim();
    GatherArgs.check(rowIds, count, directDst, table.rows(), dim);
    // A little-endian float view of the destination: bulk puts become memory copies.
    FloatBuffer out = directDst.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (int i = 0; i < count; i++) out.put(i * dim, cached(rowIds[i]));
  }

  /** A copy of row {@code rowId}, from the cache, decoded from the table on a miss. */
  @Override
  public float[] row(int rowId) {
    GatherArgs.checkRow(rowId, table.rows());
    return cached(rowId).clone();
  }

  /** The cached array itself: never handed out, so nobody can change a cached row. */
  private float[] cached(int rowId) {
    return rows.get(rowId, table::row);
  }

  /**
   * Copies the ids of {@code rowIds[0..count)} that are not cached now into {@code out} (in
   * order) and returns how many: the rows a prefetch still has to bring in. Does not count as a
   * lookup in {@link #stats()}.
   */
  public int uncached(int[] rowIds, int count, int[] out) {
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (rows.asMap().get(rowIds[i]) == null) out[n++] = rowIds[i];
    }
    return n;
  }

  /** Hits, misses, evictions, load time since creation. */
  public CacheStats stats() {
    return rows.stats();
  }

  /** Fraction of lookups served from the cache (1.0 before any lookup). */
  public double hitRate() {
    return rows.stats().hitRate();
  }

  /** Rows cached now (approximate, as Caffeine counts). */
  public long cachedRows() {
    return rows.estimatedSize();
  }

  /** Runs pending cache maintenance (evictions) now; Caffeine otherwise does it asynchronously. */
  public void cleanUp() {
    rows.cleanUp();
  }

  /** Drops every cached row (e.g. before measuring a cold start). */
  public void invalidateAll() {
    rows.invalidateAll();
  }
}
