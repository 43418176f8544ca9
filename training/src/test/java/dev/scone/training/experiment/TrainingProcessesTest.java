package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child side of a failure; a successful child is {@code ExperimentRunnerTest}'s two-worker run. */
class TrainingProcessesTest {

  @TempDir Path dir;

  @Test
  void aJobThatFailsInItsJvmFailsTheCallerNamingItsLogAndQuotingTheCause() throws IOException {
    Path texts = Files.createDirectories(dir.resolve("texts"));
    for (int d = 0; d < 5; d++) Files.writeString(texts.resolve("d" + d + ".txt"), "a few words " + d);
    Corpus corpus = TextDirectory.load("tiny", texts);
    TrainRunConfig missingVocabulary = ExperimentRunnerTest.tinyPlan(dir.resolve("store")).runs().get(0).config()
        .withFgrams(1, 3, 8, 2, dir.resolve("no-such-vocab.arrow"));
    try (TrainingProcesses children = new TrainingProcesses(dir.resolve("jobs"), corpus, dir.resolve("tokens"), 512)) {
      IOException e = assertThrows(IOException.class, () -> children.train(missingVocabulary));
      assertTrue(e.getMessage().contains("exit 1"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.resolve("jobs").resolve("train-1.log").toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no-such-vocab.arrow"), "the child's own error is quoted: " + e.getMessage());
    }
  }
}
