package dev.scone.fgram.table;

import java.io.Serializable;

/**
 * How serving reads a mapped table: a Caffeine tier of decoded hot rows of at most {@code
 * cacheBytes} bytes (0: none) and a prefetch pool of {@code prefetchThreads} I/O threads that
 * pages in a batch's rows before they are gathered (0: none). {@link #IN_MEMORY}, both off, is
 * the default: when the table fits in the page cache a plain gather is the fastest (GatherBench:
 * the cache loses to page-cache reads of float32 rows; the pool only adds a hand-off).
 * {@code bench table-scale} measures each part on a table larger than RAM.
 */
public record TableReadOptions(long cacheBytes, int prefetchThreads) implements Serializable {

  /** Plain gathers from the mapping: for a table that fits in memory. */
  public static final TableReadOptions IN_MEMORY = new TableReadOptions(0, 0);

  public TableReadOptions {
    if (cacheBytes < 0) throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
    if (prefetchThreads < 0) {
      throw new IllegalArgumentException("prefetchThreads must be >= 0, got " + prefetchThreads);
    }
  }

  /** A cache tier of {@code cacheMegabytes} MiB (0: none) and {@code prefetchThreads} I/O threads (0: none). */
  public static TableReadOptions of(int cacheMegabytes, int prefetchThreads) {
    if (cacheMegabytes < 0) throw new IllegalArgumentException("cacheMegabytes must be >= 0, got " + cacheMegabytes);
    return new TableReadOptions((long) cacheMegabytes << 20, prefetchThreads);
  }

  /** Whether gathers go anywhere but straight to the mapping. */
  public boolean inMemory() {
    return !cached() && !prefetched();
  }

  public boolean cached() {
    return cacheBytes > 0;
  }

  public boolean prefetched() {
    return prefetchThreads > 0;
  }
}
