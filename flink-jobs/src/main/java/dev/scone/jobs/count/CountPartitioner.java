package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramPacker;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Which counting subtask owns an n-gram: {@link #of} takes the <em>high</em> 31 bits of {@link
 * NgramPacker#mix} modulo the subtask count. The high bits, because the subtask's own open-addressing
 * table ({@link dev.scone.fgram.ngram.NgramCountTable}) picks slots from the low bits: partitioning
 * on those would leave every key of a subtask with the same low bits and crowd its table.
 *
 * <p>As a {@link Partitioner} it routes an {@link NgramBatch} by its precomputed {@code partition}
 * (the key is the partition itself). Stateless and thread-safe.
 */
public final class CountPartitioner implements Partitioner<Integer> {

  /** The subtask in {@code [0, partitions)} that counts {@code (lo, hi)}. */
  public static int of(long lo, long hi, int partitions) {
    return (int) ((NgramPacker.mix(lo, hi) >>> 33) % partitions);
  }

  @Override
  public int partition(Integer partition, int numPartitions) {
    if (partition >= numPartitions) {
      throw new IllegalStateException("n-gram batch for partition " + partition + " but the counting step has "
          + numPartitions + " subtasks; the pre-aggregation must be built for the counting parallelism");
    }
    return partition;
  }

  /** The key {@link CountPartitioner} routes on: the batch's {@code partition}. */
  public static final class Key implements KeySelector<NgramBatch, Integer> {
    @Override
    public Integer getKey(NgramBatch batch) {
      return batch.partition;
    }
  }
}
