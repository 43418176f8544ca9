package dev.scone.jobs.count;

import dev.scone.fgram.counting.SpaceSavingSummary;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "count-bounded" ({@link CountingMode#BOUNDED}): this subtask's n-grams in one {@link
 * SpaceSavingSummary} of {@code m} counters, so memory per subtask is fixed whatever the stream:
 * {@code summary.arrayBytes()} = 40 B per counter plus a 20 B-per-slot index of {@code 2m..4m}
 * slots, at most {@value #BYTES_PER_COUNTER_MAX} B per counter (logged at start). Since {@link
 * CountPartitioner} sends each n-gram to one subtask, the summaries are disjoint and the global
 * selection is over their union, not a merge.
 *
 * <p>Candidates are ranked by guaranteed counts ({@code estimate - error}, each at most the true
 * count, see {@link SpaceSavingSummary#guaranteedCounts}); each batch carries the subtask's {@code
 * N_s} and observed error bound ({@code <= N_s / m}), which the selection reports with the
 * vocabulary.
 *
 * <p><b>State.</b> Union list state {@value #STATE_NAME}: per subtask {@code [int subtask][int
 * parallelism]} then {@link SpaceSavingSummary#toBytes} (32 B per counter, checksummed). A summary
 * cannot be split by key without losing its bound, so a restore must use the parallelism of the
 * checkpoint; another fails with a message saying so.
 */
public final class BoundedPartitionCount extends PartitionCountOperator {
  public static final String STATE_NAME = "space-saving";
  /** Upper bound of {@link SpaceSavingSummary#arrayBytes} per counter: 40 B of counters + up to 4 index slots of 20 B. */
  public static final int BYTES_PER_COUNTER_MAX = 120;
  private static final Logger LOG = LoggerFactory.getLogger(BoundedPartitionCount.class);

  private final int capacity;
  private transient SpaceSavingSummary summary;
  private transient ListState<byte[]> checkpointed;

  /** @param capacity m, counters in this subtask's summary */
  public BoundedPartitionCount(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs, int capacity) {
    super(vocabSize, maxN, fgrams, minCount, emitIntervalMs);
    this.capacity = capacity;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    summary = new SpaceSavingSummary(vocabSize, maxN, capacity);
    if (context.isRestored()) {
      for (byte[] entry : checkpointed.get()) restoreIfOwn(entry);
      changed = true;
    }
    LOG.info("count-bounded subtask {}: m = {} counters, {} bytes of arrays (<= {} B per counter)",
        subtask(), capacity, summary.arrayBytes(), BYTES_PER_COUNTER_MAX);
  }

  private void restoreIfOwn(byte[] entry) {
    ByteBuffer in = ByteBuffer.wrap(entry);
    int owner = in.getInt();
    int parallelism = in.getInt();
    if (parallelism != parallelism()) {
      throw new IllegalStateException("bounded-memory counts were checkpointed at parallelism " + parallelism
          + " but the job restores at " + parallelism() + "; restore at parallelism " + parallelism
          + " (Space-Saving summaries cannot be split by key without losing their error bound)");
    }
    if (owner != subtask()) return;
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    SpaceSavingSummary restored = SpaceSavingSummary.fromBytes(bytes);
    if (restored.capacity() != capacity) {
      throw new IllegalStateException("checkpointed summary has m = " + restored.capacity() + " counters; this job has "
          + capacity + "; restore with the checkpoint's capacity");
    }
    summary = restored;
  }

  @Override
  void add(NgramBatch b, long timestamp) {
    for (int i = 0; i < b.size(); i++) summary.offer(b.lo[i], b.hi[i], b.count[i]);
  }

  @Override
  void forEachCount(PackedNgramConsumer consumer) {
    summary.guaranteedCounts().forEach(consumer);
  }

  @Override
  void describe(CandidateBatch batch) {
    batch.totalWeight = summary.totalWeight();
    batch.errorBound = summary.errorBound();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    byte[] bytes = summary.toBytes();
    checkpointed.update(java.util.List.of(
        ByteBuffer.allocate(8 + bytes.length).putInt(subtask()).putInt(parallelism()).put(bytes).array()));
  }
}
