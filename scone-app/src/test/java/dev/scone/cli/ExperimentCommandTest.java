package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExperimentCommandTest {

  @Test
  void optionsParseWithFullGridDocsOutAndDefaultWorkDirWhenNoneGiven() {
    ExperimentCommand c = new ExperimentCommand();
    new CommandLine(c).parseArgs();
    assertFalse(c.quick);
    assertNull(c.workDir);
    assertEquals(Path.of("docs"), c.out);
    assertTrue(c.progress.show());
    assertNull(c.only);
  }

  @Test
  void bundlesTrainedOnOtherTextOfTheSameNameAreKeptInAnotherStore() {
    Path work = Path.of("/tmp/unused");
    Path before = ExperimentCommand.storeOf(work, mix("a first composition"));
    assertEquals(before, ExperimentCommand.storeOf(work, mix("a first composition")));
    Path after = ExperimentCommand.storeOf(work, mix("another composition"));
    assertNotEquals(before, after);
    assertEquals(work.resolve("store"), after.getParent());
    assertTrue(after.getFileName().toString().startsWith("mix-"), after.toString());
  }

  private static Corpus mix(String text) {
    return Corpus.ofDocuments("mix", "test", "test", Path.of("/tmp/unused"), List.of(new Document("d-0", text)));
  }

  @Test
  void onlyTakesCommaSeparatedRunNames() {
    ExperimentCommand c = new ExperimentCommand();
    new CommandLine(c).parseArgs("--quick", "--only", "baseline-M,scone-M-8k-f2");
    assertEquals(java.util.List.of("baseline-M", "scone-M-8k-f2"), c.only);
  }

  @Test
  void quickWorkDirAndOutAreTaken() {
    ExperimentCommand c = new ExperimentCommand();
    new CommandLine(c).parseArgs("--quick", "--work-dir", "/tmp/exp", "--out", "results", "--no-progress");
    assertTrue(c.quick);
    assertEquals(Path.of("/tmp/exp"), c.workDir);
    assertEquals(Path.of("results"), c.out);
    assertFalse(c.progress.show());
  }

  @Test
  void stepsSeedAndLearningRateOverridesAreTakenAndAbsentByDefault() {
    ExperimentCommand none = new ExperimentCommand();
    new CommandLine(none).parseArgs("--quick");
    assertNull(none.steps);
    assertNull(none.seed);
    assertNull(none.learningRate);
    ExperimentCommand c = new ExperimentCommand();
    new CommandLine(c).parseArgs("--quick", "--steps", "3000", "--seed", "2", "--lr", "5e-4", "--fgram-lr-scale", "0.25");
    assertEquals(3000, c.steps);
    assertEquals(2L, c.seed);
    assertEquals(5e-4, c.learningRate);
    assertEquals(0.25, c.fgramLearningRateScale);
    assertNull(none.fgramLearningRateScale);
  }

  @Test
  void thePresetTunesWithThreeSeedsAndARateGivenByHandTurnsTuningOff() {
    ExperimentCommand preset = new ExperimentCommand();
    new CommandLine(preset).parseArgs("--quick");
    dev.scone.training.experiment.ExperimentPlan p = preset.plan(Path.of("/tmp/unused"));
    assertEquals(3, p.seeds());
    assertFalse(p.tuning().isEmpty(), "the preset tunes on validation");
    ExperimentCommand byHand = new ExperimentCommand();
    new CommandLine(byHand).parseArgs("--quick", "--lr", "2e-3", "--seeds", "5", "--test-tokens", "1000");
    dev.scone.training.experiment.ExperimentPlan q = byHand.plan(Path.of("/tmp/unused"));
    assertTrue(q.tuning().isEmpty(), "--lr is a choice made by hand: nothing to tune");
    assertEquals(5, q.seeds());
    assertEquals(1000, q.testTokens());
    assertEquals(1000, ExperimentCommand.trainRun(q, false).validationTargets(),
        "a run's own validation perplexity covers the prefix tuning scores, not the whole split");
    ExperimentCommand one = new ExperimentCommand();
    new CommandLine(one).parseArgs("--quick", "--seed", "4", "--seeds", "1", "--no-tuning");
    dev.scone.training.experiment.ExperimentPlan r = one.plan(Path.of("/tmp/unused"));
    assertEquals(1, r.seeds());
    assertEquals(4L, r.runs().get(0).config().seed());
    assertTrue(r.tuning().isEmpty());
  }

  @Test
  void everyRunTrainsOnTheCorpusNamedAndAnUnknownNameIsAUsageError() {
    ExperimentCommand preset = new ExperimentCommand();
    new CommandLine(preset).parseArgs("--quick");
    assertTrue(preset.plan(Path.of("/tmp/unused")).runs().stream().allMatch(r -> r.config().corpus().equals("sotu")),
        "the default is every command's --corpus default");
    ExperimentCommand mix = new ExperimentCommand();
    new CommandLine(mix).parseArgs("--quick", "--corpus", "mix");
    assertTrue(mix.plan(Path.of("/tmp/unused")).runs().stream().allMatch(r -> r.config().corpus().equals("mix")));
    CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
        () -> new CommandLine(new ExperimentCommand()).parseArgs("--corpus", "nope"));
    assertTrue(e.getMessage().contains("unknown corpus 'nope'"), e.getMessage());
  }
}
