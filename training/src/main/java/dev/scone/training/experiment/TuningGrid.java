package dev.scone.training.experiment;

import java.util.List;

/**
 * The hyperparameter trials each model family gets, chosen on the validation split ({@link Tuner}).
 * Every family gets the same number of trials, so no family is better tuned for having more knobs:
 * the baselines try {@code baseline.size()} peak learning rates, SCONE the same number of
 * (learning rate, f-gram learning-rate scale) pairs. Immutable.
 *
 * @param baseline the trials of baseline M and of baseline 2M (each tunes its own), scale 1
 * @param scone the trials of the SCONE family (tuned on the centre, applied to every SCONE cell)
 */
public record TuningGrid(List<Trial> baseline, List<Trial> scone) {

  /** One setting tried: the peak learning rate (cosine to a tenth) and the f-gram model's multiple of it. */
  public record Trial(double learningRate, double fgramLearningRateScale) {
    public Trial {
      if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
      if (!(fgramLearningRateScale > 0 && fgramLearningRateScale <= 1)) {
        throw new IllegalArgumentException("fgramLearningRateScale in (0, 1], got " + fgramLearningRateScale);
      }
    }
  }

  public TuningGrid {
    baseline = List.copyOf(baseline);
    scone = List.copyOf(scone);
    if (baseline.size() != scone.size()) {
      throw new IllegalArgumentException("equal tuning budget: " + baseline.size() + " baseline trials vs "
          + scone.size() + " SCONE trials");
    }
    if (baseline.stream().anyMatch(t -> t.fgramLearningRateScale() != 1)) {
      throw new IllegalArgumentException("baselines have no f-gram model: their trials take scale 1, got " + baseline);
    }
  }

  /** No tuning: the plan's learning rates are used as they are (e.g. {@code --lr} given). */
  public static TuningGrid none() {
    return new TuningGrid(List.of(), List.of());
  }

  public boolean isEmpty() {
    return baseline.isEmpty();
  }

  /** Trials per family. */
  public int trialsPerFamily() {
    return baseline.size();
  }

  /**
   * The presets' grid: baselines at 4 learning rates spanning the sweep's optimum (RESULTS.md
   * history: 2e-3..4e-3 depending on size); SCONE at 2 learning rates x 2 f-gram scales around the
   * earlier best (4e-3, 0.25). 4 trials each.
   */
  public static TuningGrid presets() {
    List<Trial> baseline = List.of(new Trial(2e-3, 1), new Trial(3e-3, 1), new Trial(4e-3, 1), new Trial(6e-3, 1));
    List<Trial> scone = List.of(new Trial(2e-3, 0.25), new Trial(2e-3, 0.5), new Trial(4e-3, 0.25),
        new Trial(4e-3, 0.5));
    return new TuningGrid(baseline, scone);
  }
}
