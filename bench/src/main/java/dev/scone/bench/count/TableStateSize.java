package dev.scone.bench.count;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.jobs.count.CountPartitioner;
import dev.scone.jobs.count.ExactPartitionCount;

/**
 * The memory the count step's tables hold for a given set of distinct n-grams, computed, not
 * sampled: each subtask's {@link dev.scone.fgram.ngram.NgramCountTable} starts at {@link
 * ExactPartitionCount#INITIAL_ENTRIES} and doubles its power-of-two slot count whenever it is more
 * than 70% full; a slot is 24 B (two {@code long} key words and a {@code long} count). The
 * n-grams are split over subtasks as {@link CountPartitioner} splits them. A checkpoint holds 24 B
 * per distinct n-gram (plus 8 B per chunk of 1 Mi entries).
 */
final class TableStateSize {
  private static final double MAX_LOAD = 0.7;
  static final int CHECKPOINT_BYTES_PER_NGRAM = 24;

  private TableStateSize() {}

  /** Bytes of the count tables' arrays over all {@code parallelism} subtasks. */
  static long tableBytes(NgramCountSource distinct, int parallelism) {
    long[] perSubtask = new long[parallelism];
    distinct.forEach((lo, hi, count) -> perSubtask[CountPartitioner.of(lo, hi, parallelism)]++);
    long bytes = 0;
    for (long keys : perSubtask) bytes += 24L * slotsFor(keys);
    return bytes;
  }

  private static long slotsFor(long keys) {
    long needed = Math.max(16, (long) Math.ceil(ExactPartitionCount.INITIAL_ENTRIES / MAX_LOAD) + 1);
    long slots = Long.highestOneBit(needed - 1) << 1;
    while (keys > (long) (slots * MAX_LOAD)) slots *= 2;
    return slots;
  }
}
