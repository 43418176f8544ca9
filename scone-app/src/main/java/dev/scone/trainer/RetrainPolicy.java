package dev.scone.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the trainer retrains instead of only refreshing: every N vocabulary versions, after an
 * interval since the last retrain, or when a new vocabulary drifted (its share of f-grams new to
 * the current bundle reached the threshold, or the gate rejected its refreshed table). Immutable and thread-safe.
 *
 * @param everyVersions 0 for never
 * @param interval null for never
 * @param newFgramShare drift threshold in (0, 1]; above 1 for never
 */
public record RetrainPolicy(int everyVersions, Duration interval, double newFgramShare) {

  static RetrainPolicy of(TrainerConfig c) {
    return new RetrainPolicy(c.retrainEveryVersions(), c.retrainInterval(), c.retrainNewFgramShare());
  }

  /**
   * Why to retrain now, or empty.
   *
   * @param state before counting the version being handled
   * @param share the new vocabulary's share of f-grams the current bundle lacks, in [0, 1]
   * @param refreshRejected whether the gate just rejected the refreshed table (the main model no
   *     longer fits the new match pattern); a drift signal when the drift trigger is on
   */
  public Optional<String> reason(TrainerState state, Instant now, double share, boolean refreshRejected) {
    if (everyVersions > 0 && state.versionsSinceRetrain() + 1 >= everyVersions) {
      return Optional.of((state.versionsSinceRetrain() + 1) + " vocabulary versions since the last retrain (every "
          + everyVersions + ")");
    }
    if (interval != null && !now.isBefore(state.lastRetrain().plus(interval))) {
      return Optional.of("last retrain at " + state.lastRetrainAt() + ", interval " + interval);
    }
    if (newFgramShare <= 1 && share >= newFgramShare) {
      return Optional.of(String.format("%.1f%% of the f-grams are new (threshold %.1f%%)", 100 * share,
          100 * newFgramShare));
    }
    if (newFgramShare <= 1 && refreshRejected) {
      return Optional.of("the gate rejected the refreshed table");
    }
    return Optional.empty();
  }
}
