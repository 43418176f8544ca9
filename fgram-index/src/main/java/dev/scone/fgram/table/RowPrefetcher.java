package dev.scone.fgram.table;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asynchronous prefetch of a mapped table's rows: the rows a batch needs are known from its
 * tokens before the model runs, so their pages can be brought in by a small I/O pool while the
 * caller does other work, and gathered afterwards from memory. A plain gather of rows that are on
 * disk faults them in one at a time (one read in flight); the pool puts {@code threads} reads in
 * flight. Worth measuring per disk: {@code ./scone bench gather-cold}.
 *
 * <p>Thread-safe; close it to stop its threads (daemon threads, so a forgotten one does not keep
 * the JVM alive). The table must stay open until the returned future completes.
 */
public final class RowPrefetcher implements AutoCloseable {
  private final ExecutorService pool;
  private final int threads;

  private RowPrefetcher(int threads) {
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "scone-row-prefetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, factory);
  }

  /** A prefetcher with {@code threads} I/O threads (reads in flight at once), >= 1. */
  public static RowPrefetcher create(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    return new RowPrefetcher(threads);
  }

  /**
   * Starts paging in the rows {@code rowIds[0, count)} of {@code table}, split evenly over the
   * pool; the future completes when all are in (or exceptionally for an id outside the table).
   * {@code rowIds} must not change until then.
   */
  public CompletableFuture<Void> prefetch(EmbeddingTable table, int[] rowIds, int count) {
    int parts = Math.max(1, Math.min(threads, count));
    CompletableFuture<?>[] futures = new CompletableFuture<?>[parts];
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) count * p / parts);
      int to = (int) ((long) count * (p + 1) / parts);
      futures[p] = CompletableFuture.runAsync(() -> table.touch(rowIds, from, to), pool);
    }
    return CompletableFuture.allOf(futures);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
