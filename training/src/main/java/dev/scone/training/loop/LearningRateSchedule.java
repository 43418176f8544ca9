package dev.scone.training.loop;

/**
 * Linear warm-up then cosine decay: step s (0-based) gets {@code peak · (s+1) / warmup} while
 * {@code s < warmup}, then {@code min + (peak - min) · (1 + cos(π · p)) / 2} with progress
 * {@code p = (s - warmup) / (total - warmup)}, clamped to [0, 1]; so the first step after
 * warm-up gets the peak and every step from {@code total} on gets the floor. Immutable.
 *
 * @param peak the learning rate after warm-up, > 0
 * @param min the floor, in [0, peak]
 * @param warmupSteps in [0, totalSteps]
 * @param totalSteps >= 1
 */
public record LearningRateSchedule(double peak, double min, int warmupSteps, int totalSteps) {

  public LearningRateSchedule {
    if (!(peak > 0) || !(min >= 0 && min <= peak)) {
      throw new IllegalArgumentException("need peak > 0 and min in [0, peak], got peak " + peak
          + ", min " + min);
    }
    if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need totalSteps >= 1 and warmupSteps in [0, totalSteps],"
          + " got " + totalSteps + " and " + warmupSteps);
    }
  }

  public static LearningRateSchedule of(TrainingConfig config) {
    return new LearningRateSchedule(config.learningRate(), config.minLearningRate(),
        config.warmupSteps(), config.steps());
  }

  /** The learning rate of step {@code step} (0-based, >= 0). */
  public double at(long step) {
    if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
    if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
    int decaySteps = totalSteps - warmupSteps;
    double progress = decaySteps == 0 ? 1 : Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
