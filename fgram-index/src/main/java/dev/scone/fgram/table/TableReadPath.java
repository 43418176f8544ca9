package dev.scone.fgram.table;

import dev.scone.fgram.files.PageAdvice;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The read path of a table that may not fit in memory, as {@link TableReadOptions} asks: gathers
 * go through a {@link CachedEmbeddingTable} when a cache budget is set, else straight to the
 * mapped table; {@link #prefetch} hands the rows not in that cache to a {@link RowPrefetcher}, so
 * their disk reads are all in flight at once instead of faulting in one by one on the gathering
 * thread. Values are the table's either way: the cache holds decoded copies, the prefetch only
 * pages rows in.
 *
 * <p>Thread-safe, shared by the handles that serve one table. Does not own the table; {@link
 * #close()} stops the prefetch threads (close this before the table).
 */
public final class TableReadPath implements EmbeddingLookup, AutoCloseable {
  private final EmbeddingTable table;
  private final TableReadOptions options;
  private final CachedEmbeddingTable cache; // null: no cache tier
  private final RowPrefetcher prefetcher; // null: no prefetch

  private TableReadPath(EmbeddingTable table, TableReadOptions options) {
    this.table = table;
    this.options = options;
    this.cache = options.cached() ? new CachedEmbeddingTable(table, options.cacheBytes()) : null;
    this.prefetcher = options.prefetchThreads() > 0 ? RowPrefetcher.create(options.prefetchThreads()) : null;
    if (options.randomAccess()) table.advise(PageAdvice.Advice.RANDOM); // a hint: refused, reads go on as before
  }

  /** The read path over {@code table}; with {@link TableReadOptions#IN_MEMORY} it only delegates. */
  public static TableReadPath open(EmbeddingTable table, TableReadOptions options) {
    return new TableReadPath(table, options);
  }

  /** The table read (not owned). */
  public EmbeddingTable table() {
    return table;
  }

  public TableReadOptions options() {
    return options;
  }

  /** The cache tier's hit rate so far (1.0 before any lookup); NaN without a cache tier. */
  public double cacheHitRate() {
    return cache == null ? Double.NaN : cache.hitRate();
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
    if (cache != null) {
      cache.gather(rowIds, count, directDst);
    } else {
      table.gather(rowIds, count, directDst);
    }
  }

  @Override
  public float[] row(int rowId) {
    return cache != null ? cache.row(rowId) : table.row(rowId);
  }

  /**
   * Starts paging in the rows of {@code rowIds[0..count)} that the cache tier does not hold, on
   * the prefetch pool, or by madvise on this thread (which returns as soon as the reads are
   * issued); completes at once without either. The ids are copied first, so the caller may reuse
   * its array. An id outside the table completes the future exceptionally (the gather that
   * follows names it).
   */
  @Override
  public CompletableFuture<Void> prefetch(int[] rowIds, int count) {
    if (!options.prefetched() || count == 0) return CompletableFuture.completedFuture(null);
    if (count < 0 || count > rowIds.length) {
      throw new IllegalArgumentException("count " + count + " outside [0, " + rowIds.length + "]");
    }
    int[] ids = new int[count];
    int n = count;
    if (cache != null) {
      n = cache.uncached(rowIds, count, ids);
    } else {
      System.arraycopy(rowIds, 0, ids, 0, count);
    }
    if (n == 0) return CompletableFuture.completedFuture(null);
    if (prefetcher != null) return prefetcher.prefetch(table, ids, n);
    try {
      table.willNeed(ids, 0, n);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    if (prefetcher != null) prefetcher.close();
  }
}
