package dev.scone.counting;

import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Step "count-exact" ({@link CountingMode#EXACT}), bounded and unbounded: this subtask's exact
 * counts in one primitive open-addressing {@link NgramCountTable} (24 B per slot, no object per
 * n-gram), fed {@link NgramBatch}es routed by {@link CountPartitioner}, so each n-gram is counted by
 * exactly one subtask. Emits the subtask's top S ({@link TopCandidates} over a scan of the table)
 * as one {@link CandidateBatch}: every {@code emitIntervalMs} of processing time in which counts
 * changed (when {@code emitIntervalMs > 0}), and once at end of input.
 *
 * <p><b>State.</b> The table is union list state {@value #STATE_NAME} of {@link CountTableBytes}
 * chunks (24 B per distinct n-gram), written synchronously at each checkpoint (a transient second
 * copy of the table on the heap); a restore at any parallelism keeps the entries it owns. After a
 * restore the candidates are sent again at the next interval, since the downstream selection may
 * have restored an older batch. The candidate timer is not state: it is registered afresh in
 * {@code open}.
 *
 * <p>Replaces the keyed {@code ValueState<Long>} of earlier versions (about 94 B of heap objects per
 * distinct n-gram and a state lookup with boxing per record); savepoints of those do not restore here.
 */
public final class ExactPartitionCount extends AbstractStreamOperator<CandidateBatch>
    implements OneInputStreamOperator<NgramBatch, CandidateBatch>, BoundedOneInput, ProcessingTimeCallback {
  public static final String STATE_NAME = "exact-counts";
  private static final int INITIAL_ENTRIES = 1 << 16;

  private final int vocabSize;
  private final int maxN;
  private final int fgrams;
  private final long minCount;
  private final long emitIntervalMs;
  private transient NgramCountTable table;
  private transient ListState<byte[]> checkpointed;
  private transient boolean changed;

  /** @param emitIntervalMs ms between candidate batches while counts change; 0 for end of input only */
  public ExactPartitionCount(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs) {
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.fgrams = fgrams;
    this.minCount = minCount;
    this.emitIntervalMs = emitIntervalMs;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed = context.getOperatorStateStore().getUnionListState(
        new ListStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    table = new NgramCountTable(INITIAL_ENTRIES);
    if (context.isRestored()) {
      int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      int partitions = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
      for (byte[] chunk : checkpointed.get()) CountTableBytes.decodeInto(chunk, subtask, partitions, table);
      changed = true;
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    if (emitIntervalMs > 0) scheduleNext();
  }

  private void scheduleNext() {
    getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + emitIntervalMs, this);
  }

  @Override
  public void processElement(StreamRecord<NgramBatch> element) {
    NgramBatch b = element.getValue();
    for (int i = 0; i < b.size(); i++) table.add(b.lo[i], b.hi[i], b.count[i]);
    changed = true;
  }

  @Override
  public void onProcessingTime(long time) {
    if (changed) emitCandidates();
    scheduleNext();
  }

  @Override
  public void endInput() {
    emitCandidates();
  }

  private void emitCandidates() {
    TopCandidates top = new TopCandidates(fgrams, minCount, new NgramPacker(vocabSize, maxN));
    table.forEach(top::offer);
    List<NgramCount> kept = top.kept();
    long[] lo = new long[kept.size()];
    long[] hi = new long[kept.size()];
    long[] count = new long[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      lo[i] = kept.get(i).lo;
      hi[i] = kept.get(i).hi;
      count[i] = kept.get(i).count;
    }
    output.collect(new StreamRecord<>(new CandidateBatch(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), lo, hi, count)));
    changed = false;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    checkpointed.update(CountTableBytes.encode(table));
  }

  /** Distinct n-grams this subtask holds (for tests and logs). */
  int distinct() {
    return table.size();
  }
}
