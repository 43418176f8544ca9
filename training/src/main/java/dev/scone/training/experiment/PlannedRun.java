package dev.scone.training.experiment;

import dev.scone.training.run.TrainRunConfig;
import java.util.Objects;

/**
 * One training run of an {@link ExperimentPlan}. Immutable.
 *
 * @param name the row label in the results, e.g. {@code scone-M-32k-f2}
 * @param config everything the run needs (its seeds included)
 */
public record PlannedRun(String name, TrainRunConfig config) {
  public PlannedRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
  }

  public boolean baseline() {
    return config.baseline();
  }
}
