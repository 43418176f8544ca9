package dev.scone.jobs.rescore;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A step before parsing that passes records through slowly ({@code delayMs} each, so checkpoints
 * complete while input remains) until it has failed and, on subtask 0, throws once: on the first
 * record after a checkpoint completed. "Once" is per {@code name} in this JVM, so the restarted
 * attempt runs through at full speed.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<RawRecord, RawRecord> implements CheckpointListener {
  private static final ConcurrentHashMap<String, Boolean> FAILED = new ConcurrentHashMap<>();

  private final String name;
  private final long delayMs;
  private transient boolean checkpointed;

  FailOnceAfterCheckpoint(String name, long delayMs) {
    this.name = name;
    this.delayMs = delayMs;
  }

  static boolean failed(String name) {
    return FAILED.containsKey(name);
  }

  @Override
  public void open(OpenContext context) {
    checkpointed = false;
  }

  @Override
  public RawRecord map(RawRecord record) throws InterruptedException {
    if (!failed(name)) Thread.sleep(delayMs);
    if (checkpointed && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
        && FAILED.putIfAbsent(name, true) == null) {
      throw new IllegalStateException("injected failure after a completed checkpoint, at " + record.origin);
    }
    return record;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
