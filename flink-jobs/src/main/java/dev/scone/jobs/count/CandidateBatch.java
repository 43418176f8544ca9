package dev.scone.jobs.count;

/**
 * One counting subtask's current top candidates, sent to the global selection in the streaming job:
 * n-gram {@code i} is {@code (lo[i], hi[i])} with count {@code count[i]}. A Flink POJO (primitive
 * arrays), so no Kryo. The newest batch of a subtask replaces its previous one.
 */
public class CandidateBatch {
  public int subtask;
  /**
   * The counting operator's parallelism when the batch was made; 0 in batches of a savepoint taken
   * before this field existed. After a restore at a lower parallelism, the selection drops the
   * batches of subtasks that no longer exist (their n-grams now belong to the others).
   */
  public int parallelism;
  public long[] lo;
  public long[] hi;
  public long[] count;
  /** {@link CountingMode#BOUNDED}: N_s, the n-gram occurrences the subtask has seen; else 0. */
  public long totalWeight;
  /** {@link CountingMode#BOUNDED}: how far below its true count any count here may be ({@code <= N_s / m}); else 0. */
  public long errorBound;
  /** {@link CountingMode#RECENCY}: the subtask's landmark (ms, event time) its scaled counts are relative to. */
  public long landmarkMs;
  /** {@link CountingMode#RECENCY}: the newest event time the subtask has seen (ms). */
  public long maxEventMs;

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
