package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.ModelCosts;
import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

  /** The full GPT-2 vocabulary, which every model of the plans reads and predicts. */
  private static final int SOTU_VOCAB = 50_257;

  private static double flops(PlannedRun r) {
    TrainRunConfig c = r.config();
    return new ModelCosts(c.modelConfig(SOTU_VOCAB)).inferenceFlopsPerTokenOverWindow(c.contextLength());
  }

  @Test
  void twoMOfEachPresetCostsAboutTwiceTheInferenceFlopsOfM() {
    for (ExperimentPlan plan : List.of(ExperimentPlan.quick("sotu", Path.of("s")), ExperimentPlan.full("sotu", Path.of("s")))) {
      double ratio = flops(plan.run("baseline-2M")) / flops(plan.run("baseline-M"));
      assertTrue(ratio >= 2 && ratio < 2.2, plan.name() + ": 2M / M FLOPs = " + ratio);
      assertEquals(plan.name().equals("quick") ? 14 : 9, plan.run("baseline-2M").config().layers(),
          plan.name() + " (the class comment names these)");
      for (PlannedRun r : plan.runs()) {
        assertEquals(ExperimentPlan.VOCAB_MIN_COUNT, r.config().vocabMinCount(), r.name());
        assertEquals(ExperimentPlan.PEAK_LEARNING_RATE, r.config().training().learningRate(), r.name());
        assertEquals(r.baseline() ? 1.0 : ExperimentPlan.FGRAM_LEARNING_RATE_SCALE,
            r.config().training().fgramLearningRateScale(), r.name() + ": only the f-gram model trains slower");
        if (!r.baseline()) assertEquals(flops(plan.run("baseline-M")), flops(r), r.name());
      }
      assertEquals(plan.name().equals("quick") ? ExperimentPlan.QUICK_TEST_TOKENS : ExperimentPlan.TEST_TOKENS,
          plan.testTokens());
    }
  }

  @Test
  void presetsGiveEveryCellThreeSeedsAndEqualTuningBudgets() {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("s"));
    ExperimentPlan full = ExperimentPlan.full("sotu", Path.of("s"));
    for (ExperimentPlan plan : List.of(quick, full)) {
      assertTrue(plan.seeds() >= 3, plan.name() + ": " + plan.seeds() + " seeds");
      assertFalse(plan.tuning().isEmpty(), plan.name() + " tunes on validation");
      assertEquals(plan.tuning().baseline().size(), plan.tuning().scone().size(), "same trials per family");
      assertTrue(plan.hasCentre());
      for (PlannedRun r : plan.runs()) {
        List<Long> seeds = java.util.stream.IntStream.range(0, plan.seeds())
            .mapToObj(i -> ExperimentPlan.atSeed(r, i).seed()).toList();
        assertEquals(List.of(1L, 2L, 3L), seeds, r.name());
        assertEquals(seeds, java.util.stream.IntStream.range(0, plan.seeds())
            .mapToObj(i -> ExperimentPlan.atSeed(r, i).training().seed()).toList(), r.name() + " sampling seeds too");
      }
    }
    assertEquals(List.of("baseline-M", "baseline-2M", "scone-M-2k-f2", "scone-M-8k-f2", "scone-M-all-f2",
        "scone-M-8k-f1", "scone-M-8k-f4"), quick.runs().stream().map(PlannedRun::name).toList());
    assertEquals("scone-M-8k-f2", quick.centre());
    assertEquals(List.of("baseline-M", "baseline-2M", "scone-M-8k-f2", "scone-M-16k-f2", "scone-M-32k-f2",
        "scone-M-64k-f2", "scone-M-all-f2", "scone-M-32k-f1", "scone-M-32k-f4"),
        full.runs().stream().map(PlannedRun::name).toList());
    assertEquals("scone-M-32k-f2", full.centre());
    assertEquals(ExperimentPlan.ALL_FGRAMS, full.run("scone-M-all-f2").config().fgrams(), "every n-gram >= min count");
  }

  @Test
  void axisSeedsCutOnlyTheAxisCellsNeverTheBaselinesOrTheCentre() {
    ExperimentPlan full = ExperimentPlan.full("sotu", Path.of("s")).withAxisSeeds(1);
    for (PlannedRun r : full.runs()) {
      boolean kept = r.baseline() || r.name().equals(full.centre());
      assertEquals(kept ? 3 : 1, full.seedsOf(r), r.name());
    }
    ExperimentPlan preset = ExperimentPlan.full("sotu", Path.of("s"));
    assertEquals(3, preset.seedsOf(preset.run("baseline-2M")), "the full preset: 3 for the baselines");
    assertEquals(3, preset.seedsOf(preset.centreRun()), "the full preset: 3 for the centre");
    assertEquals(2, preset.seedsOf(preset.run("scone-M-all-f2")), "the full preset: 2 for the axis cells");
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("s"));
    assertEquals(3, quick.seedsOf(quick.run("scone-M-all-f2")), "the quick preset: 3 everywhere");
  }

  @Test
  void chosenTrialsGoToTheirFamilyOnly() {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("s"));
    ExperimentPlan tuned = quick.withChosen(java.util.Map.of(
        ExperimentPlan.BASELINE_M, new TuningGrid.Trial(2e-3, 1),
        ExperimentPlan.BASELINE_2M, new TuningGrid.Trial(6e-3, 1),
        ExperimentPlan.SCONE_FAMILY, new TuningGrid.Trial(3e-3, 0.5)));
    assertEquals(2e-3, tuned.run("baseline-M").config().training().learningRate());
    assertEquals(6e-3, tuned.run("baseline-2M").config().training().learningRate());
    for (PlannedRun r : tuned.runs()) {
      if (r.baseline()) continue;
      assertEquals(3e-3, r.config().training().learningRate(), r.name());
      assertEquals(0.5, r.config().training().fgramLearningRateScale(), r.name());
    }
  }

  @Test
  void onlyKeepsTheNamedRunsInPlanOrderAndTheCentre() {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("s"));
    ExperimentPlan pair = quick.only(quick.centre(), "baseline-M");
    assertEquals(List.of("baseline-M", quick.centre()), pair.runs().stream().map(PlannedRun::name).toList());
    assertEquals(quick.centre(), pair.centre());
    assertEquals(quick.testTokens(), pair.testTokens());
    assertTrue(pair.hasCentre());
    ExperimentPlan noCentre = quick.only("baseline-M", "baseline-2M");
    assertFalse(noCentre.hasCentre(), "a plan cut without its centre has no control");
    assertThrows(IllegalArgumentException.class, () -> noCentre.centreRun());
    assertThrows(IllegalArgumentException.class, () -> quick.only(quick.centre(), "no-such-run"));
  }

  @Test
  void stepsSeedAndLearningRateOverridesChangeEveryRunAndNothingElse() {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", Path.of("s"));
    ExperimentPlan longer = quick.withSteps(3000).withSeed(7).withLearningRate(2e-3).withFgramLearningRateScale(0.25);
    assertEquals(1, longer.seeds(), "--seed alone reruns one seed");
    assertEquals(quick.runs().size(), longer.runs().size());
    for (int i = 0; i < quick.runs().size(); i++) {
      TrainRunConfig before = quick.runs().get(i).config();
      TrainRunConfig after = longer.runs().get(i).config();
      assertEquals(quick.runs().get(i).name(), longer.runs().get(i).name());
      assertEquals(3000, after.training().steps());
      assertEquals(300, after.training().warmupSteps(), "warm-up stays a tenth");
      assertEquals(7, after.seed());
      assertEquals(7, after.training().seed());
      assertEquals(2e-3, after.training().learningRate());
      assertEquals(2e-4, after.training().minLearningRate(), 1e-12);
      assertEquals(before.baseline() ? 1.0 : 0.25, after.training().fgramLearningRateScale(), "only SCONE runs");
      assertEquals(before.training().batchSize(), after.training().batchSize());
      assertEquals(before.withSeed(7).withTraining(after.training()), after, "nothing else changes");
    }
    assertEquals(quick.centre(), longer.centre());
  }
}
