package dev.scone.counting;

/**
 * One counting subtask's current top candidates, sent to the global selection in the streaming job:
 * n-gram {@code i} is {@code (lo[i], hi[i])} with count {@code count[i]}. A Flink POJO (primitive
 * arrays), so no Kryo. The newest batch of a subtask replaces its previous one.
 */
public class CandidateBatch {
  public int subtask;
  public long[] lo;
  public long[] hi;
  public long[] count;

  public CandidateBatch() {}

  public CandidateBatch(int subtask, long[] lo, long[] hi, long[] count) {
    this.subtask = subtask;
    this.lo = lo;
    this.hi = hi;
    this.count = count;
  }

  public int size() {
    return count.length;
  }
}
