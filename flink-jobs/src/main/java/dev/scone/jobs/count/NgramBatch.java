package dev.scone.jobs.count;

/**
 * Distinct n-grams with their counts, all owned by one counting subtask ({@link
 * CountPartitioner#of} gives {@code partition} for each): n-gram {@code i} is {@code (lo[i],
 * hi[i])} with count {@code count[i]}. One record per (document, partition) crosses the shuffle
 * instead of one per n-gram. A Flink POJO of primitive arrays, so no Kryo. Mutable, not thread-safe.
 */
public class NgramBatch {
  public int partition;
  public long[] lo;
  public long[] hi;
  public long[] count;

  public NgramBatch() {}

  public NgramBatch(int partition, long[] lo, long[] hi, long[] count) {
    this.partition = partition;
    this.lo = lo;
    this.hi = hi;
    this.count = count;
  }

  public int size() {
    return count.length;
  }
}
