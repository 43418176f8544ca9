package dev.scone.training.experiment;

import dev.scone.training.corpus.Split;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainingDivergedException;
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
 * after every choice is made. With several workers, the trainer and scorer are called from several
 * threads at once.
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

  /** One trial's outcome: NaN and no bundle (null) when its training diverged. */
  public record Outcome(TuningGrid.Trial trial, double validationPerplexity, Path bundle) {}

  /** A family's trials, in grid order, and the one chosen. */
  public record Result(String family, List<Outcome> outcomes, TuningGrid.Trial chosen) {}

  private final Trainer trainer;
  private final SplitScorer scorer;

  public Tuner(Trainer trainer, SplitScorer scorer) {
    this.trainer = trainer;
    this.scorer = scorer;
  }

  /** A family to tune: its name, the config its trials start from, and the trials. */
  public record Family(String name, TrainRunConfig representative, List<TuningGrid.Trial> trials) {
    public Family {
      if (trials.isEmpty()) throw new IllegalArgumentException("family " + name + ": no trials");
      trials = List.copyOf(trials);
    }
  }

  /**
   * Trains and validates every trial of {@code family} around {@code representative}.
   *
   * @throws IllegalArgumentException for an empty trial list
   * @throws TrainingDivergedException when every trial diverged (one that diverges is recorded as NaN)
   */
  public Result tune(String family, TrainRunConfig representative, List<TuningGrid.Trial> trials) throws IOException {
    try (ModelWorkers inCallingThread = ModelWorkers.start(1, false)) {
      return tune(List.of(new Family(family, representative, trials)), inCallingThread).get(0);
    }
  }

  /**
   * Trains and validates every trial of every family on {@code workers} (all trials at once, the
   * costliest first), then chooses each family's lowest; results in family order. A trial whose
   * training diverged is recorded with a NaN perplexity and never chosen; a family whose every trial
   * diverged fails ({@link TrainingDivergedException}).
   */
  List<Result> tune(List<Family> families, ModelWorkers workers) throws IOException {
    record Job(Family family, TuningGrid.Trial trial, TrainRunConfig config) {}
    List<Job> jobs = new ArrayList<>();
    for (Family f : families) {
      for (TuningGrid.Trial t : f.trials()) jobs.add(new Job(f, t, apply(f.representative(), t)));
    }
    List<Outcome> outcomes = workers.map("tune", jobs, j -> ExperimentRunner.trainingCost(j.config()), j -> {
      Path bundle;
      try {
        bundle = trainer.train(j.config());
      } catch (TrainingDivergedException e) {
        // A rate too large for a family is a tuning result, not a failure of the experiment.
        LOG.warn("tuning {}: lr {} fgram scale {} diverged: {}", j.family().name(), j.trial().learningRate(),
            j.trial().fgramLearningRateScale(), e.getMessage());
        return new Outcome(j.trial(), Double.NaN, null);
      }
      double validation = scorer.perplexity(bundle, Split.VALIDATION);
      LOG.info("tuning {}: lr {} fgram scale {} -> validation perplexity {}", j.family().name(),
          j.trial().learningRate(), j.trial().fgramLearningRateScale(), validation);
      return new Outcome(j.trial(), validation, bundle);
    });
    List<Result> results = new ArrayList<>();
    int next = 0;
    for (Family f : families) {
      List<Outcome> own = outcomes.subList(next, next + f.trials().size());
      next += f.trials().size();
      if (own.stream().allMatch(o -> Double.isNaN(o.validationPerplexity()))) {
        throw new TrainingDivergedException("every tuning trial of " + f.name() + " diverged: " + f.trials());
      }
      results.add(new Result(f.name(), List.copyOf(own), lowest(own).trial()));
    }
    return results;
  }

  /** A NaN (diverged) trial sorts last: it can never be chosen over a finite one. */
  private static Outcome lowest(List<Outcome> outcomes) {
    return outcomes.stream().min(Comparator.comparingDouble(o -> Double.isNaN(o.validationPerplexity())
        ? Double.POSITIVE_INFINITY : o.validationPerplexity())).orElseThrow();
  }

  /** {@code config} with the trial's rates; baselines keep scale 1 (they have no f-gram model). */
  public static TrainRunConfig apply(TrainRunConfig config, TuningGrid.Trial trial) {
    TrainRunConfig c = ExperimentPlan.withPeakLearningRate(config, trial.learningRate());
    return config.baseline() ? c : c.withTraining(c.training().withFgramLearningRateScale(trial.fgramLearningRateScale()));
  }
}
