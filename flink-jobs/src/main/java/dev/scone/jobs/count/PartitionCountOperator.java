package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * What every counting step shares: it receives {@link NgramBatch}es routed by {@link
 * CountPartitioner} (each n-gram counted by exactly one subtask) and emits this subtask's top S
 * ({@link TopCandidates} over its counts) as one {@link CandidateBatch}, every {@code
 * emitIntervalMs} of processing time in which counts changed (when {@code emitIntervalMs > 0}) and
 * once at end of input. The candidate timer is not state: it is registered afresh in {@code open};
 * after a restore the candidates are sent again at the next interval, since the downstream
 * selection may hold an older batch. Subclasses hold the counts and their checkpointed form.
 */
abstract class PartitionCountOperator extends AbstractStreamOperator<CandidateBatch>
    implements OneInputStreamOperator<NgramBatch, CandidateBatch>, BoundedOneInput, ProcessingTimeCallback {
  protected final int vocabSize;
  protected final int maxN;
  private final int fgrams;
  private final long minCount;
  private final long emitIntervalMs;
  protected transient boolean changed;

  PartitionCountOperator(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs) {
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.fgrams = fgrams;
    this.minCount = minCount;
    this.emitIntervalMs = emitIntervalMs;
  }

  /** Adds one batch, whose record carries {@code timestamp} (event time; {@code Long.MIN_VALUE} when none). */
  abstract void add(NgramBatch batch, long timestamp);

  /** Calls {@code consumer} with every n-gram's count as the candidates are ranked. */
  abstract void forEachCount(PackedNgramConsumer consumer);

  /** Fills the mode's extra fields of an outgoing batch (totals, error bound, landmark). */
  void describe(CandidateBatch batch) {}

  /** The least count a candidate needs here (the recency mode's counts are scaled). */
  long candidateMinCount(long minCount) {
    return minCount;
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
    add(element.getValue(), element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
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
    TopCandidates top = new TopCandidates(fgrams, candidateMinCount(minCount), new NgramPacker(vocabSize, maxN));
    forEachCount(top::offer);
    List<NgramCount> kept = top.kept();
    long[] lo = new long[kept.size()];
    long[] hi = new long[kept.size()];
    long[] count = new long[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      lo[i] = kept.get(i).lo;
      hi[i] = kept.get(i).hi;
      count[i] = kept.get(i).count;
    }
    CandidateBatch batch = new CandidateBatch(subtask(), lo, hi, count);
    batch.parallelism = parallelism();
    describe(batch);
    output.collect(new StreamRecord<>(batch));
    changed = false;
  }

  final int subtask() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
  }

  final int parallelism() {
    return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
  }
}
