package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;

/**
 * Step "count-exact" ({@link CountingMode#EXACT}), bounded and unbounded: this subtask's exact
 * counts in one primitive open-addressing {@link NgramCountTable} (24 B per slot, 34-69 B per
 * distinct n-gram at its load factors, no object per n-gram); candidates as {@link
 * PartitionCountOperator} says.
 *
 * <p><b>State.</b> The table is union list state {@value #STATE_NAME} of {@link CountTableBytes}
 * chunks (24 B per distinct n-gram), written synchronously at each checkpoint (a transient second
 * copy of the table on the heap); a restore at any parallelism keeps the entries it owns.
 *
 * <p>Replaces the keyed {@code ValueState<Long>} of earlier versions (about 94 B of heap objects per
 * distinct n-gram and a state lookup with boxing per record); savepoints of those do not restore here.
 */
public final class ExactPartitionCount extends PartitionCountOperator {
  public static final String STATE_NAME = "exact-counts";
  /** Entries the table is presized for (131,072 slots, 3 MiB); it doubles when 70% full. */
  public static final int INITIAL_ENTRIES = 1 << 16;

  private transient NgramCountTable table;
  private transient ListState<byte[]> checkpointed;

  /** @param emitIntervalMs ms between candidate batches while counts change; 0 for end of input only */
  public ExactPartitionCount(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs) {
    super(vocabSize, maxN, fgrams, minCount, emitIntervalMs);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    table = new NgramCountTable(INITIAL_ENTRIES);
    if (context.isRestored()) {
      for (byte[] chunk : checkpointed.get()) CountTableBytes.decodeInto(chunk, subtask(), parallelism(), table);
      changed = true;
    }
  }

  @Override
  void add(NgramBatch b, long timestamp) {
    for (int i = 0; i < b.size(); i++) table.add(b.lo[i], b.hi[i], b.count[i]);
  }

  @Override
  void forEachCount(PackedNgramConsumer consumer) {
    table.forEach(consumer);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.update(CountTableBytes.encode(table));
  }
}
