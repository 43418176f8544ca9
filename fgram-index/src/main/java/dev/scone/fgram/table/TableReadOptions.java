package dev.scone.fgram.table;

import java.io.Serializable;

/**
 * How serving reads a mapped table: a Caffeine tier of decoded hot rows of at most {@code
 * cacheBytes} bytes (0: none); a batch's rows paged in before they are gathered, either by a pool
 * of {@code prefetchThreads} I/O threads (0: none) or by {@code madvise(WILLNEED)} from the
 * calling thread ({@code willNeed}: the kernel starts the reads, nobody waits on them); and
 * {@code randomAccess}, {@code madvise(RANDOM)} on the mapping, so a fault reads its own page
 * and not 128 KiB around it. {@link #IN_MEMORY}, all off, is the default: when the table fits in
 * the page cache a plain gather is the fastest (GatherBench: the cache loses to page-cache reads
 * of float32 rows; the pool only adds a hand-off). {@code bench table-scale} measures each part
 * on a table larger than RAM.
 */
public record TableReadOptions(long cacheBytes, int prefetchThreads, boolean willNeed, boolean randomAccess)
    implements Serializable {

  /** Plain gathers from the mapping: for a table that fits in memory. */
  public static final TableReadOptions IN_MEMORY = new TableReadOptions(0, 0);

  public TableReadOptions {
    if (cacheBytes < 0) throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
    if (prefetchThreads < 0) {
      throw new IllegalArgumentException("prefetchThreads must be >= 0, got " + prefetchThreads);
    }
    if (willNeed && prefetchThreads > 0) {
      throw new IllegalArgumentException("prefetch by a pool of " + prefetchThreads + " threads or by madvise, not both");
    }
  }

  /** A cache tier of {@code cacheBytes} (0: none), a pool of {@code prefetchThreads} (0: none), no advice. */
  public TableReadOptions(long cacheBytes, int prefetchThreads) {
    this(cacheBytes, prefetchThreads, false, false);
  }

  /** A cache tier of {@code cacheMegabytes} MiB (0: none) and {@code prefetchThreads} I/O threads (0: none). */
  public static TableReadOptions of(int cacheMegabytes, int prefetchThreads) {
    return of(cacheMegabytes, prefetchThreads, false);
  }

  /** As {@link #of(int, int)}, with madvise(RANDOM) on the mapping when {@code randomAccess}. */
  public static TableReadOptions of(int cacheMegabytes, int prefetchThreads, boolean randomAccess) {
    if (cacheMegabytes < 0) throw new IllegalArgumentException("cacheMegabytes must be >= 0, got " + cacheMegabytes);
    return new TableReadOptions((long) cacheMegabytes << 20, prefetchThreads, false, randomAccess);
  }

  /** Whether gathers go straight to the mapping, with nothing prefetched or advised. */
  public boolean inMemory() {
    return !cached() && !prefetched() && !randomAccess;
  }

  public boolean cached() {
    return cacheBytes > 0;
  }

  /** Whether a batch's rows are paged in ahead of the gather, by the pool or by madvise. */
  public boolean prefetched() {
    return prefetchThreads > 0 || willNeed;
  }
}
