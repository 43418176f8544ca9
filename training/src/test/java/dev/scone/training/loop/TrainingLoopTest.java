package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.LanguageModel;
import dev.scone.training.eval.NoGrad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  /** A loop over the tiny SCONE streams, validating on the held-out one. */
  private static TrainingLoop sconeLoop(LanguageModel model, TrainingConfig config) {
    return new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true),
        TinyRuns.stream(TinyRuns.HELD_OUT, true));
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

  /**
   * Resumes from the newest checkpoint in {@code dir}, expected at {@code step}, trains to the end
   * and checks that the losses and parameters are those of an uninterrupted run of {@code config}.
   * SCONE with dropout: covers the f-gram model, the optimizer moments and the engine seed.
   */
  private void assertResumingFromStepReachesTheUninterruptedRun(TrainingConfig config, int step) {
    List<float[]> uninterrupted;
    List<Double> losses;
    try (LanguageModel model = TinyRuns.create(true, 0.1); TrainingLoop loop = sconeLoop(model, config)) {
      losses = loop.run().losses();
      uninterrupted = TinyRuns.parameters(model);
    }
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = sconeLoop(model, config).checkpointTo(dir)) {
      assertTrue(loop.resumeLatest().isPresent());
      assertEquals(step, loop.step());
      TrainingReport resumed = loop.run();
      assertEquals(StopReason.COMPLETED, resumed.stopReason());
      assertEquals(losses, resumed.losses());
      float diff = TinyRuns.maxAbsDiff(uninterrupted, TinyRuns.parameters(model));
      assertTrue(diff <= 1e-7f, "parameters differ by " + diff);
    }
  }

  @Test
  void resumedRunReachesTheSameParametersAsAnUninterruptedOne() {
    TrainingConfig config = TinyRuns.training(10).withEvaluation(4, 1);
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = sconeLoop(model, config).checkpointTo(dir)) {
      assertEquals(StopReason.PAUSED, loop.run(6).stopReason());
    }
    assertResumingFromStepReachesTheUninterruptedRun(config, 6);
  }

  @Test
  void aStopRequestEndsTheRunAtTheNextStepWithACheckpointThatResumesExactly() {
    TrainingConfig config = TinyRuns.training(10).withEvaluation(4, 1).withCheckpointEvery(4);
    try (LanguageModel model = TinyRuns.create(true, 0.1);
        TrainingLoop loop = sconeLoop(model, config).checkpointTo(dir)) {
      // Polled before each step: true once step 5 is done, as a signal arriving during step 5 would make it.
      TrainingReport report = loop.stopWhen(() -> loop.step() >= 5).run();
      assertEquals(StopReason.INTERRUPTED, report.stopReason());
      assertEquals(5, report.steps());
      assertEquals(5, report.losses().size());
      assertEquals(5, report.validations().get(report.validations().size() - 1).step(), "validated at the stop");
      assertEquals(Optional.of(dir.resolve("step-00000005")), loop.lastCheckpoint());
    }
    assertResumingFromStepReachesTheUninterruptedRun(config, 5);
  }

  @Test
  void aStopRequestedBeforeTheFirstStepReturnsAtOnceWithoutACheckpoint() {
    try (LanguageModel model = TinyRuns.create(false, 0.0);
        TrainingLoop loop = new TrainingLoop(model, TinyRuns.training(6), TinyRuns.stream(TinyRuns.TRAIN, false),
            TinyRuns.stream(TinyRuns.HELD_OUT, false)).checkpointTo(dir)) {
      TrainingReport report = loop.stopWhen(() -> true).run();
      assertEquals(StopReason.INTERRUPTED, report.stopReason());
      assertEquals(0, report.steps());
      assertTrue(report.validations().isEmpty(), "nothing new to validate");
      assertEquals(Optional.empty(), loop.lastCheckpoint());
      assertFalse(Files.exists(dir.resolve("step-00000000")));
    }
  }

  @Test
  void forgettingCheckpointsDeletesThemAndTheirEmptyDirectory() throws Exception {
    Path checkpoints = dir.resolve("run");
    try (LanguageModel model = TinyRuns.create(false, 0.0);
        TrainingLoop loop = new TrainingLoop(model, TinyRuns.training(4).withCheckpointEvery(2),
            TinyRuns.stream(TinyRuns.TRAIN, false), null).checkpointTo(checkpoints)) {
      loop.run();
    }
    Files.createDirectories(checkpoints.resolve(".step-00000006.x1.tmp")); // a crash while writing
    TrainingLoop.forgetCheckpoints(checkpoints);
    assertFalse(Files.exists(checkpoints));
  }

  @Test
  void nonFiniteStepsAreSkippedReportedAndStopTheRun() {
    TrainingConfig config = TinyRuns.training(20).withDivergence(3, 1.0);
    try (LanguageModel model = TinyRuns.create(false, 0.0)) {
      ModelParameters parameters = new ModelParameters(model);
      int gamma = parameters.names().indexOf(parameters.names().stream()
          .filter(n -> n.endsWith("lnFinal_gamma")).findFirst().orElseThrow());
      try (NDManager scope = model.djlModel().getNDManager().newSubManager();
          NoGrad ignored = NoGrad.enter()) {
        NDArray nan = scope.full(parameters.array(gamma).getShape(), Float.NaN);
        ArrayCopy.into(parameters.array(gamma), nan, scope);
      }
      List<float[]> before = TinyRuns.parameters(model);
      try (TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, false), null)) {
        TrainingReport report = loop.run();
        assertEquals(StopReason.NON_FINITE, report.stopReason());
        assertEquals(3, report.steps());
        assertEquals(3, report.skippedSteps());
        assertTrue(report.losses().stream().allMatch(l -> Double.isNaN(l)));
      }
      List<float[]> after = TinyRuns.parameters(model);
      for (int i = 0; i < before.size(); i++) {
        if (i != gamma) assertArrayEquals(before.get(i), after.get(i), parameters.names().get(i));
      }
    }
  }

  @Test
  void resumingUnderAnotherTrainingConfigIsRefused() {
    TrainingConfig config = TinyRuns.training(6);
    try (LanguageModel model = TinyRuns.create(false, 0.0);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, false), null)
            .checkpointTo(dir)) {
      loop.run(2);
    }
    try (LanguageModel model = TinyRuns.create(false, 0.0);
        TrainingLoop loop = new TrainingLoop(model, config.withSeed(7),
            TinyRuns.stream(TinyRuns.TRAIN, false), null).checkpointTo(dir)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, loop::resumeLatest);
      assertTrue(e.getMessage().contains("same config"), e.getMessage());
    }
    try (LanguageModel model = TinyRuns.create(false, 0.0);
        TrainingLoop loop = new TrainingLoop(model, config.withCheckpointEvery(3),
            TinyRuns.stream(TinyRuns.TRAIN, false), null).checkpointTo(dir)) {
      assertEquals(0, loop.step(), "nothing restored yet");
      assertTrue(loop.resumeLatest().isPresent());
      assertEquals(2, loop.step());
    }
  }

  @Test
  void checkpointsAreCompleteDirectoriesAndOnlyTheNewestAreKept() throws Exception {
    TrainingConfig config = TinyRuns.training(8).withCheckpointEvery(2);
    try (LanguageModel model = TinyRuns.create(true, 0.0);
        TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true), null)
            .checkpointTo(dir)) {
      loop.run();
    }
    try (var entries = Files.list(dir)) {
      List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("step-00000006", "step-00000008"), names);
    }
    Path last = dir.resolve("step-00000008");
    for (String f : List.of(Checkpoint.CONFIG, Checkpoint.TENSORS, Checkpoint.STATE)) {
      assertTrue(Files.isRegularFile(last.resolve(f)), f);
    }
  }

  @Test
  void aRunLeavesNothingInTheModelsManager() {
    TrainingConfig config = TinyRuns.training(12).withEvaluation(5, 1).withCheckpointEvery(6);
    try (LanguageModel model = TinyRuns.create(true, 0.0)) {
      NDManager manager = model.djlModel().getNDManager();
      int before = manager.getManagedArrays().size();
      int parameters = new ModelParameters(model).size();
      try (TrainingLoop loop = new TrainingLoop(model, config, TinyRuns.stream(TinyRuns.TRAIN, true),
          TinyRuns.stream(TinyRuns.HELD_OUT, true)).checkpointTo(dir)) {
        loop.run(6);
        assertEquals(before + 2 * parameters, manager.getManagedArrays().size(), "params + moments");
        loop.run();
        assertEquals(before + 2 * parameters, manager.getManagedArrays().size(), "params + moments");
      }
      assertEquals(before, manager.getManagedArrays().size());
    }
  }

  @Test
  void sconeStepsTrainTheFgramModelThroughTheMainLoss() {
    try (LanguageModel model = TinyRuns.create(true, 0.0)) {
      ModelParameters parameters = new ModelParameters(model);
      List<float[]> before = TinyRuns.parameters(model);
      try (TrainingLoop loop = new TrainingLoop(model, TinyRuns.training(4),
          TinyRuns.stream(TinyRuns.TRAIN, true), null)) {
        loop.run();
      }
      List<float[]> after = TinyRuns.parameters(model);
      int fgramParameters = 0;
      for (int i = 0; i < parameters.size(); i++) {
        if (!parameters.names().get(i).contains("fgram")) continue;
        fgramParameters++;
        assertTrue(!java.util.Arrays.equals(before.get(i), after.get(i)),
            parameters.names().get(i) + " did not change");
      }
      assertTrue(fgramParameters > 0);
    }
  }

  @Test
  void theFgramLearningRateScaleReachesExactlyTheFgramModelsParameters() {
    try (LanguageModel model = TinyRuns.create(true, 0.0)) {
      ModelParameters parameters = new ModelParameters(model);
      double[] scales = parameters.learningRateScales(0.25);
      int scaled = 0;
      for (int i = 0; i < scales.length; i++) {
        String name = parameters.names().get(i);
        boolean fgram = name.contains("fgram");
        assertEquals(fgram ? 0.25 : 1.0, scales[i], name);
        if (fgram) scaled++;
      }
      assertTrue(scaled > 0 && scaled < scales.length, "some but not all parameters: " + scaled);
    }
  }
}
