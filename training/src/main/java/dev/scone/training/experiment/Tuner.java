package dev.scone.training.experiment;

import dev.scone.training.corpus.Split;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a family's hyperparameters on the validation split: trains one run per trial (the
 * family's representative config with the trial's rates, seed unchanged), scores each on {@link
 * Split#VALIDATION} and keeps the lowest. The test split is never asked for here: it is scored once,
 * after every choice is made. Not thread-safe.
 */
public final class Tuner {

  private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);

  /** Trains (or reuses) the bundle of a config and returns its directory. */
  @FunctionalInterface
  public interface Trainer {
    Path train(TrainRunConfig config) throws IOException;
  }

  /** The perplexity of a bundle on one split of the training corpus. */
  @FunctionalInterface
  public interface SplitScorer {
    double perplexity(Path bundle, Split split) throws IOException;
  }

  /** One trial's outcome. */
  public record Outcome(TuningGrid.Trial trial, double validationPerplexity, Path bundle) {}

  /** A family's trials, in grid order, and the one chosen. */
  public record Result(String family, List<Outcome> outcomes, TuningGrid.Trial chosen) {}

  private final Trainer trainer;
  private final SplitScorer scorer;

  public Tuner(Trainer trainer, SplitScorer scorer) {
    this.trainer = trainer;
    this.scorer = scorer;
  }

  /**
   * Trains and validates every trial of {@code family} around {@code representative}.
   *
   * @throws IllegalArgumentException for an empty trial list
   */
  public Result tune(String family, TrainRunConfig representative, List<TuningGrid.Trial> trials) throws IOException {
    if (trials.isEmpty()) throw new IllegalArgumentException("family " + family + ": no trials");
    List<Outcome> outcomes = new ArrayList<>();
    for (TuningGrid.Trial t : trials) {
      Path bundle = trainer.train(apply(representative, t));
      double validation = scorer.perplexity(bundle, Split.VALIDATION);
      LOG.info("tuning {}: lr {} fgram scale {} -> validation perplexity {}", family, t.learningRate(),
          t.fgramLearningRateScale(), validation);
      outcomes.add(new Outcome(t, validation, bundle));
    }
    // A NaN (diverged) trial sorts last: it can never be chosen over a finite one.
    Outcome best = outcomes.stream().min(Comparator.comparingDouble(o -> Double.isNaN(o.validationPerplexity())
        ? Double.POSITIVE_INFINITY : o.validationPerplexity())).orElseThrow();
    return new Result(family, List.copyOf(outcomes), best.trial());
  }

  /** {@code config} with the trial's rates; baselines keep scale 1 (they have no f-gram model). */
  public static TrainRunConfig apply(TrainRunConfig config, TuningGrid.Trial trial) {
    TrainRunConfig c = ExperimentPlan.withPeakLearningRate(config, trial.learningRate());
    return config.baseline() ? c : c.withTraining(c.training().withFgramLearningRateScale(trial.fgramLearningRateScale()));
  }
}
