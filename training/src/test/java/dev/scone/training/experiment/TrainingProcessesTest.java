package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.run.TrainEval;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a child's failures reach the caller; successful children are {@code ExperimentRunnerTest}'s two-worker run. */
class TrainingProcessesTest {

  @TempDir Path dir;

  private Corpus corpus() throws IOException {
    return TextDirectory.load("tiny", ExperimentRunnerTest.texts(dir.resolve("texts")));
  }

  private TrainingProcesses children() throws IOException {
    return children(Integer.MAX_VALUE);
  }

  private TrainingProcesses children(int validationTargets) throws IOException {
    return new TrainingProcesses(dir.resolve("jobs"), corpus(), dir.resolve("tokens"), validationTargets, 512, false);
  }

  /** A rate no model survives: the child says it diverged, so tuning can record the trial instead of failing. */
  @Test
  void aRunThatDivergesInItsJvmIsReportedAsDivergedAndPublishesNothing() throws IOException {
    TrainRunConfig tooFast = Tuner.apply(ExperimentRunnerTest.tinyPlan(dir.resolve("store")).runs().get(0).config(),
        new TuningGrid.Trial(1e30, 1));
    try (TrainingProcesses children = children()) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> children.train(tooFast));
      assertTrue(e.getMessage().contains("broke"), "the child's own words are quoted: " + e.getMessage());
    }
    assertEquals(List.of(), BundleStore.at(dir.resolve("store")).list());
  }

  @Test
  void aJobThatFailsInItsJvmFailsTheCallerNamingItsLogAndQuotingTheCause() throws IOException {
    TrainRunConfig missingVocabulary = ExperimentRunnerTest.tinyPlan(dir.resolve("store")).runs().get(0).config()
        .withFgrams(1, 3, 8, 2, dir.resolve("no-such-vocab.arrow"));
    try (TrainingProcesses children = children()) {
      IOException e = assertThrows(IOException.class, () -> children.train(missingVocabulary));
      assertTrue(e.getMessage().contains("failed in its JVM"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.resolve("jobs").resolve("worker-1.log").toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no-such-vocab.arrow"), "the child's own error is quoted: " + e.getMessage());
    }
  }

  /**
   * A child trains the jobs it is given one after another (its start is paid once), and one that
   * failed a job is replaced: its state after an arbitrary failure is not trusted.
   */
  @Test
  void aChildServesJobAfterJobAndOneThatFailedIsReplaced() throws IOException {
    TrainRunConfig good = ExperimentRunnerTest.tinyPlan(dir.resolve("store")).runs().get(0).config();
    TrainRunConfig bad = good.withFgrams(1, 3, 8, 2, dir.resolve("no-such-vocab.arrow"));
    Path jobs = dir.resolve("jobs");
    try (TrainingProcesses children = children(37)) {
      assertThrows(IOException.class, () -> children.train(bad));
      Path first = children.train(good);
      try (ModelBundle bundle = ModelBundle.open(first)) {
        assertEquals(37, bundle.manifest().eval(TrainEval.class).validationTargets(),
            "the child's validation perplexity covers the prefix it was given");
      }
      Path second = children.train(good.withSeed(good.seed() + 1));
      assertTrue(Files.isDirectory(first) && Files.isDirectory(second) && !first.equals(second));
      String log = Files.readString(jobs.resolve("worker-2.log"));
      assertTrue(log.contains("=== train-2.json") && log.contains("=== train-3.json"),
          "the fresh child trained both later jobs: " + log);
      assertFalse(Files.exists(jobs.resolve("worker-3.log")), "no third child was started");
      IOException e = assertThrows(IOException.class, () -> children.train(bad));
      assertFalse(e.getMessage().contains("=== train-3.json"), "only the failed job's part of the log is quoted");
    }
    assertEquals(2, BundleStore.at(dir.resolve("store")).list().size());
  }

  /** A rerun in the same work directory numbers its jobs and children on, keeping the earlier run's files. */
  @Test
  void aRerunInTheSameDirectoryKeepsTheEarlierRunsFiles() throws IOException {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(jobs.resolve("train-7.json"), "{}");
    Files.writeString(jobs.resolve("train-12.json"), "{}");
    Files.writeString(jobs.resolve("train-x.json"), "{}");
    Files.writeString(jobs.resolve("worker-3.log"), "earlier run\n");
    assertEquals(12, TrainingProcesses.highestNumber(jobs, "train-", ".json"));
    assertEquals(3, TrainingProcesses.highestNumber(jobs, "worker-", ".log"));
    assertEquals(0, TrainingProcesses.highestNumber(jobs, "nothing-", ".json"));
    TrainRunConfig missingVocabulary = ExperimentRunnerTest.tinyPlan(dir.resolve("store")).runs().get(0).config()
        .withFgrams(1, 3, 8, 2, dir.resolve("no-such-vocab.arrow"));
    try (TrainingProcesses children = children()) {
      IOException e = assertThrows(IOException.class, () -> children.train(missingVocabulary));
      assertTrue(e.getMessage().contains("train-13") && e.getMessage().contains("worker-4.log"), e.getMessage());
    }
    assertEquals("earlier run\n", Files.readString(jobs.resolve("worker-3.log")));
  }
}
