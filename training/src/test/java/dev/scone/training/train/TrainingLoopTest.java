package dev.scone.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.scone.model.LanguageModel;
import dev.scone.training.eval.NoGrad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

  @TempDir Path dir;

  private static TrainingReport train(boolean scone, TrainingConfig config) {
    try (LanguageModel model = TinyRuns.create(scone, 0.0);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, scone),
            TinyRuns.stream(TinyRuns.HELD_OUT, scone))) {
      return loop.run();
    }
  }

  private static double mean(List<Double> values, int from, int to) {
    return values.subList(from, to).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void baselineLossDecreasesOnARepetitiveCorpus() {
    TrainingReport report = train(false, TinyRuns.training(60));
    assertEquals(StopReason.COMPLETED, report.stopReason());
    assertEquals(60, report.losses().size());
    double first = mean(report.losses(), 0, 5);
    double last = mean(report.losses(), 55, 60);
    assertTrue(last < first - 1.0, "loss went from " + first + " to " + last);
    assertTrue(report.lastValidationPerplexity() < report.validations().get(0).perplexity());
    assertEquals(60L * 4 * 16, report.tokens());
  }

  @Test
  void sconeLossDecreasesOnARepetitiveCorpus() {
    TrainingReport report = train(true, TinyRuns.training(60));
    double first = mean(report.losses(), 0, 5);
    double last = mean(report.losses(), 55, 60);
    assertTrue(last < first - 1.0, "loss went from " + first + " to " + last);
    assertTrue(report.bestValidationPerplexity() <= report.lastValidationPerplexity());
  }

  @Test
  void sameSeedGivesTheSameLossCurveAndAnotherSeedAnother() {
    TrainingReport a = train(true, TinyRuns.training(12));
    TrainingReport b = train(true, TinyRuns.training(12));
    TrainingReport c = train(true, TinyRuns.training(12).withSeed(43));
    assertEquals(a.losses(), b.losses());
    assertEquals(a.validations(), b.validations());
    assertNotEquals(a.losses(), c.losses());
  }

  @Test
  void resumedRunReachesTheSameParametersAsAnUninterruptedOne() {
    // SCONE with dropout: covers the f-gram model, the optimizer moments and the engine seed.
    TrainingConfig config = TinyRuns.training(10).withEvaluation(4, 1);
    List<float[]> uninterrupted;
    List<Double> losses;
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true),
            TinyRuns.stream(TinyRuns.HELD_OUT, true))) {
      losses = loop.run().losses();
      uninterrupted = TinyRuns.parameters(model);
    }
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true),
            TinyRuns.stream(TinyRuns.HELD_OUT, true)).checkpointTo(dir)) {
      assertEquals(StopReason.PAUSED, loop.run(6).stopReason());
    }
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true),
            TinyRuns.stream(TinyRuns.HELD_OUT, true)).checkpointTo(dir)) {
      assertTrue(loop.resumeLatest().isPresent());
      assertEquals(6, loop.step());
      TrainingReport resumed = loop.run();
      assertEquals(StopReason.COMPLETED, resumed.stopReason());
      assertEquals(losses, resumed.losses());
      float diff = TinyRuns.maxAbsDiff(uninterrupted, TinyRuns.parameters(model));
      assertTrue(diff <= 1e-7f, "parameters differ by " + diff);
    }
  }
}
