package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.corpus.Split;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainingDivergedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tuning chooses on the validation split only: a fake scorer whose test perplexities rank the
 * trials in the opposite order to their validation perplexities, so a tuner that looked at the
 * test split (even as a tie-breaker or an average) would choose another trial.
 */
class TunerTest {

  private final Map<Path, TrainRunConfig> trained = new HashMap<>();
  private final List<Split> asked = new ArrayList<>();

  /** "Trains" by naming a directory after the learning rate and scale. */
  private Path train(TrainRunConfig c) {
    Path dir = Path.of("lr" + c.training().learningRate() + "-s" + c.training().fgramLearningRateScale());
    trained.put(dir, c);
    return dir;
  }

  /** Validation is lowest at lr 3e-3 (scale 0.5 for SCONE); test is lowest at the largest rate. */
  private double score(Path bundle, Split split) {
    asked.add(split);
    TrainRunConfig c = trained.get(bundle);
    double lr = c.training().learningRate();
    double scale = c.training().fgramLearningRateScale();
    return split == Split.VALIDATION ? 100 + Math.abs(lr - 3e-3) * 1e4 + Math.abs(scale - 0.5) * 10 : 100 - lr * 1e4;
  }

  @Test
  void choosesTheLowestValidationPerplexityAndNeverScoresTheTestSplit() throws Exception {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("store"));
    Tuner tuner = new Tuner(this::train, this::score);
    List<TuningGrid.Trial> baselineTrials = List.of(new TuningGrid.Trial(2e-3, 1), new TuningGrid.Trial(3e-3, 1),
        new TuningGrid.Trial(6e-3, 1));
    Tuner.Result m = tuner.tune(ExperimentPlan.BASELINE_M, quick.run(ExperimentPlan.BASELINE_M).config(), baselineTrials);
    assertEquals(new TuningGrid.Trial(3e-3, 1), m.chosen());
    List<TuningGrid.Trial> sconeTrials = List.of(new TuningGrid.Trial(3e-3, 0.25), new TuningGrid.Trial(3e-3, 0.5),
        new TuningGrid.Trial(6e-3, 0.5));
    Tuner.Result s = tuner.tune(ExperimentPlan.SCONE_FAMILY, quick.centreRun().config(), sconeTrials);
    assertEquals(new TuningGrid.Trial(3e-3, 0.5), s.chosen());
    assertEquals(List.of(Split.VALIDATION), asked.stream().distinct().toList(), "only validation was scored");
    assertEquals(6, asked.size(), "one validation score per trial");
  }

  @Test
  void trialsSetThePeakRateWithItsScheduleAndBaselinesKeepScaleOne() {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("store"));
    TrainRunConfig b = Tuner.apply(quick.run(ExperimentPlan.BASELINE_M).config(), new TuningGrid.Trial(6e-3, 1));
    assertEquals(6e-3, b.training().learningRate());
    assertEquals(6e-4, b.training().minLearningRate(), 1e-12);
    assertEquals(1.0, b.training().fgramLearningRateScale());
    TrainRunConfig s = Tuner.apply(quick.centreRun().config(), new TuningGrid.Trial(2e-3, 0.5));
    assertEquals(0.5, s.training().fgramLearningRateScale());
  }

  @Test
  void aDivergedTrialIsNeverChosen() throws Exception {
    Tuner tuner = new Tuner(this::train, (bundle, split) -> trained.get(bundle).training().learningRate() > 5e-3
        ? Double.NaN : 200);
    Tuner.Result r = tuner.tune(ExperimentPlan.BASELINE_M,
        ExperimentPlan.quick("sotu", Path.of("s")).run(ExperimentPlan.BASELINE_M).config(),
        List.of(new TuningGrid.Trial(8e-3, 1), new TuningGrid.Trial(2e-3, 1)));
    assertEquals(new TuningGrid.Trial(2e-3, 1), r.chosen());
  }

  /** TrainRun refuses to publish a diverged run: tuning records it and goes on, as it would a NaN score. */
  @Test
  void aTrialWhoseTrainingDivergesIsRecordedAndTheOthersStillChoose() throws Exception {
    Tuner.Trainer divergesAbove5e3 = c -> {
      if (c.training().learningRate() > 5e-3) throw new TrainingDivergedException("loss went to NaN");
      return train(c);
    };
    Tuner tuner = new Tuner(divergesAbove5e3, this::score);
    TrainRunConfig m = ExperimentPlan.quick("sotu", Path.of("s")).run(ExperimentPlan.BASELINE_M).config();
    Tuner.Result r = tuner.tune(ExperimentPlan.BASELINE_M, m,
        List.of(new TuningGrid.Trial(8e-3, 1), new TuningGrid.Trial(2e-3, 1), new TuningGrid.Trial(3e-3, 1)));
    assertEquals(new TuningGrid.Trial(3e-3, 1), r.chosen());
    assertTrue(Double.isNaN(r.outcomes().get(0).validationPerplexity()));
    assertNull(r.outcomes().get(0).bundle());
    assertTrue(ResultsTable.tuning(List.of(r)).contains("| diverged |"), ResultsTable.tuning(List.of(r)));

    TrainingDivergedException all = assertThrows(TrainingDivergedException.class, () -> tuner.tune(
        ExperimentPlan.BASELINE_M, m, List.of(new TuningGrid.Trial(8e-3, 1), new TuningGrid.Trial(6e-3, 1))));
    assertTrue(all.getMessage().contains("every tuning trial of " + ExperimentPlan.BASELINE_M), all.getMessage());
  }

  @Test
  void familiesMustGetTheSameNumberOfTrials() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TuningGrid(
        List.of(new TuningGrid.Trial(2e-3, 1)), List.of(new TuningGrid.Trial(2e-3, 0.5), new TuningGrid.Trial(4e-3, 0.5))));
    assertTrue(e.getMessage().contains("equal tuning budget"), e.getMessage());
    assertEquals(TuningGrid.presets().baseline().size(), TuningGrid.presets().scone().size());
  }
}
