package dev.scone.counting;

import dev.scone.fgram.ngram.NgramPacker;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step "count-exact" of the unbounded job: the exact count of each n-gram in keyed {@code
 * ValueState<Long>} (state name {@value BoundedExactCount.STATE_NAME}, as in the bounded job), and
 * this subtask's top S kept live by {@link LiveTopCandidates} as counts change. Every {@code
 * emitIntervalMs} of processing time in which something changed, the subtask's candidates go
 * downstream as one {@link CandidateBatch}.
 *
 * <p>The timer hangs on whichever key arrived first in an interval (timers are keyed in Flink);
 * one is pending at a time per subtask. Recovery: the counts are checkpointed; the live top S is
 * not (it is rebuilt from updates after a restore), which crash-recovery work must still address.
 */
public final class StreamingExactCount extends KeyedProcessFunction<PackedKey, NgramCount, CandidateBatch> {
  private final int vocabSize;
  private final int maxN;
  private final int fgrams;
  private final long minCount;
  private final long emitIntervalMs;
  private transient ValueState<Long> count;
  private transient LiveTopCandidates top;
  private transient long pendingTimer;

  public StreamingExactCount(int vocabSize, int maxN, int fgrams, long minCount, long emitIntervalMs) {
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.fgrams = fgrams;
    this.minCount = minCount;
    this.emitIntervalMs = emitIntervalMs;
  }

  @Override
  public void open(OpenContext context) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>(BoundedExactCount.STATE_NAME, Types.LONG));
    top = new LiveTopCandidates(fgrams, minCount, new NgramPacker(vocabSize, maxN));
    pendingTimer = Long.MIN_VALUE;
  }

  @Override
  public void processElement(NgramCount ngram, Context ctx, Collector<CandidateBatch> out) throws Exception {
    Long current = count.value();
    long updated = (current == null ? 0 : current) + ngram.count;
    count.update(updated);
    top.update(ngram.lo, ngram.hi, updated);
    if (pendingTimer == Long.MIN_VALUE && top.changed()) {
      pendingTimer = ctx.timerService().currentProcessingTime() + emitIntervalMs;
      ctx.timerService().registerProcessingTimeTimer(pendingTimer);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CandidateBatch> out) {
    pendingTimer = Long.MIN_VALUE;
    if (top.changed()) out.collect(top.snapshot(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()));
  }
}
