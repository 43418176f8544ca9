package dev.scone.jobs.count;

/**
 * One n-gram packed exactly into two longs by {@link dev.scone.fgram.ngram.NgramPacker} (lo, hi),
 * with a count. A Flink POJO (public fields, no-argument constructor), so Flink's own POJO
 * serializer carries it between operators; never Kryo. Mutable, not thread-safe.
 */
public class NgramCount {
  public long lo;
  public long hi;
  public long count;

  public NgramCount() {}

  public NgramCount(long lo, long hi, long count) {
    this.lo = lo;
    this.hi = hi;
    this.count = count;
  }

  @Override
  public String toString() {
    return "NgramCount[lo=" + lo + ", hi=" + hi + ", count=" + count + "]";
  }
}
