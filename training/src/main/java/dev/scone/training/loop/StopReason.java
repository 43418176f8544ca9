package dev.scone.training.loop;

/** Why a {@link TrainingLoop#run} call returned. */
public enum StopReason {
  /** All configured steps are done. */
  COMPLETED,
  /** The requested stop step was reached before the configured steps; resume to continue. */
  PAUSED,
  /** Too many consecutive steps had a non-finite loss or gradient and were skipped. */
  NON_FINITE,
  /**
   * {@link TrainingLoop#stopWhen} asked to stop (Ctrl-C, SIGTERM) and the loop stopped at a step
   * boundary; a healthy state, checkpointed like {@link #PAUSED}: resume to continue.
   */
  INTERRUPTED,
  /** Validation loss rose above its best by more than the configured margin. */
  DIVERGED
}
