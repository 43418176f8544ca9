package dev.scone.counting;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step "count" in {@link CountingMode#EXACT}: the exact count of each n-gram in keyed {@code
 * ValueState<Long>} (state name {@value #STATE_NAME}). The first occurrence of a key registers an
 * event-time timer at {@code Long.MAX_VALUE}; the final watermark a bounded input ends with fires
 * it, and the key's final count is emitted once. An unbounded input never fires it: the streaming
 * variant adds its own periodic emission.
 *
 * <p>Memory: one state entry and one timer per distinct n-gram of this subtask's key range.
 */
public final class KeyedExactCount extends KeyedProcessFunction<PackedKey, NgramCount, NgramCount> {
  public static final String STATE_NAME = "count";
  static final long END_OF_INPUT = Long.MAX_VALUE;

  private transient ValueState<Long> count;

  @Override
  public void open(OpenContext context) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, Types.LONG));
  }

  @Override
  public void processElement(NgramCount ngram, Context ctx, Collector<NgramCount> out) throws Exception {
    Long current = count.value();
    if (current == null) {
      ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
      current = 0L;
    }
    count.update(current + ngram.count);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NgramCount> out) throws Exception {
    PackedKey key = ctx.getCurrentKey();
    out.collect(new NgramCount(key.lo, key.hi, count.value()));
  }
}
