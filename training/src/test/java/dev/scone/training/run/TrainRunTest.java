package dev.scone.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Split;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenFiles;
import dev.scone.training.eval.PerplexityResult;
import dev.scone.training.eval.TablePerplexity;
import dev.scone.training.loop.StopReason;
import dev.scone.training.loop.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainRunTest {

  @TempDir static Path dir;
  static Corpus corpus;
  static TrainRunConfig config;
  static TrainRunResult scone;

  /** 1 layer, d=16, context 16, maxN 3, 40 f-grams, 8 steps of 4 x 16 tokens, one thread. */
  static TrainRunConfig tiny(Path store, int fgramLayers) {
    TrainingConfig training = TrainingConfig.defaults().withSteps(8).withBatch(4, 16)
        .withLearningRate(1e-2, 1e-3, 2).withEvaluation(0, 2).withCheckpointEvery(0).withSeed(3).withThreads(1);
    return TrainRunConfig.defaults("tiny", store).withTraining(training).withModel(1, 16, 2, 32, 16)
        .withFgrams(fgramLayers, 3, 40, 2, null).withVocabMinCount(1).withSeed(5);
  }

  @BeforeAll
  static void trainOnce() throws IOException {
    corpus = TextDirectory.load("tiny", TinyTexts.write(dir.resolve("texts"), 1, 30, 60));
    config = tiny(dir.resolve("store"), 1);
    scone = run(config);
  }

  static TrainRunResult run(TrainRunConfig config) throws IOException {
    return TrainRun.cachingTokensIn(dir.resolve("tokens")).run(config, corpus);
  }

  @Test
  void publishedBundleOpensVerifiedWithTheRunConfigAndEvalInItsManifest() throws IOException {
    assertEquals(StopReason.COMPLETED, scone.training().stopReason());
    assertEquals(8, scone.eval().steps());
    assertTrue(scone.eval().fgrams() > 0, "the tiny corpus repeats phrases: f-grams were selected");
    try (ModelBundle bundle = BundleStore.at(config.store()).open(scone.bundle())) {
      assertEquals(config, bundle.manifest().trainingConfig(TrainRunConfig.class));
      assertEquals(scone.eval(), bundle.manifest().eval(TrainEval.class));
      assertEquals(scone.eval().fgrams(), bundle.vocabulary().size());
      assertEquals(scone.directory(), bundle.directory());
      assertTrue(bundle.vocabulary().meta().version() >= 1, "the selected vocabulary was published first");
    }
  }

  @Test
  void tableServingPathGivesTheTrainingPathsValidationPerplexity() throws IOException {
    assertTablePerplexityMatches(scone);
  }

  @Test
  void baselineRunPublishesOnlyTokenRowsAndKeepsParity() throws IOException {
    TrainRunResult baseline = run(tiny(dir.resolve("store-baseline"), 0));
    assertEquals(0, baseline.eval().fgrams());
    assertFalse(Files.exists(baseline.directory().resolve("fgram.params")));
    assertEquals(Tokenizers.byName("gpt2").vocabSize(), baseline.bundle().rows());
    assertTablePerplexityMatches(baseline);
  }

  @Test
  void givenVocabularyFileIsReusedInsteadOfSelectingAgain() throws IOException {
    Path published;
    try (ModelBundle first = ModelBundle.open(scone.directory())) {
      published = first.directory().resolve("vocab.arrow");
      TrainRunConfig reuse = config.withFgrams(1, 3, 7, 2, published);
      TrainRunResult second = run(reuse);
      try (ModelBundle bundle = ModelBundle.open(second.directory())) {
        assertTrue(bundle.vocabulary().sameContent(first.vocabulary()), "S=7 was ignored: the file's f-grams are used");
      }
    }
  }

  @Test
  void servingScorerAgreesWithTheTablePathOnEveryValidationDocument() throws IOException {
    TokenCorpus validation = TokenFiles.prepare(corpus, Split.VALIDATION, Tokenizers.byName("gpt2"),
        dir.resolve("tokens"));
    int context = config.contextLength();
    try (ModelBundle bundle = ModelBundle.open(scone.directory());
        LanguageModel model = bundle.loadModel(Device.cpu(), false);
        ServedBundle served = ServedBundle.open(bundle, Device.cpu())) {
      TablePerplexity table = new TablePerplexity(bundle, model, 4);
      assertTrue(validation.documents() > 0);
      for (int d = 0; d < validation.documents(); d++) {
        // One window of the context: the scorer's sliding windows and the table path coincide.
        int[] head = java.util.Arrays.copyOf(validation.tokens(d), context);
        TokenCorpus one = new TokenCorpus(validation.tokenizer(), validation.vocabSize(), java.util.List.of("d"),
            head, new int[] {0, context});
        PerplexityResult expected = table.of(one, context);
        Score score = served.scorer().score(head);
        assertEquals(expected.targets(), score.scored());
        assertEquals(-expected.totalNll(), score.logprob(), 1e-4 * expected.totalNll(), "document " + d);
      }
    }
  }

  @Test
  void runWithTheSameCheckpointsResumesToTheSameModel() throws IOException {
    TrainRunConfig checkpointed = config.withTraining(config.training().withCheckpointEvery(4));
    Path checkpoints = dir.resolve("checkpoints");
    TrainRun run = TrainRun.cachingTokensIn(dir.resolve("tokens")).checkpointTo(checkpoints);
    TrainRunResult first = run.run(checkpointed, corpus);
    assertEquals(scone.eval().validationPerplexity(), first.validationPerplexity(), 1e-9,
        "checkpointing does not change training");
    TrainRunResult resumed = run.run(checkpointed, corpus);
    assertEquals(8, resumed.training().steps());
    assertEquals(first.training().trainSeconds(), resumed.training().trainSeconds(),
        "no step was trained again: the step time is the checkpoint's");
    assertEquals(first.training().losses(), resumed.training().losses(), "the finished run's history was restored");
    assertEquals(first.validationPerplexity(), resumed.validationPerplexity(), 1e-9);
    assertEquals(first.bundle().version() + 1, resumed.bundle().version());
  }

  @Test
  void aRunAskedToStopPublishesNothingAndTheSameRunResumesFromItsCheckpoint() throws IOException {
    TrainRunConfig stoppable = config.withTraining(config.training().withCheckpointEvery(4)).toBuilder()
        .store(dir.resolve("store-stopped")).build();
    Path checkpoints = dir.resolve("checkpoints-stopped");
    AtomicInteger polls = new AtomicInteger(); // polled before each step: false 3 times, so 3 steps
    TrainRunResult stopped = TrainRun.cachingTokensIn(dir.resolve("tokens")).checkpointTo(checkpoints)
        .stopWhen(() -> polls.incrementAndGet() > 3).run(stoppable, corpus);
    assertTrue(stopped.interrupted());
    assertEquals(StopReason.INTERRUPTED, stopped.training().stopReason());
    assertEquals(3, stopped.training().steps());
    assertEquals(checkpoints.resolve("step-00000003"), stopped.checkpoint());
    assertEquals(List.of(), BundleStore.at(stoppable.store()).list(), "nothing published");

    TrainRunResult resumed = TrainRun.cachingTokensIn(dir.resolve("tokens")).checkpointTo(checkpoints)
        .run(stoppable, corpus);
    assertFalse(resumed.interrupted());
    assertEquals(List.of(1L), BundleStore.at(stoppable.store()).list());
    assertEquals(scone.eval().validationPerplexity(), resumed.validationPerplexity(), 1e-9,
        "stopped and resumed, the same model as the uninterrupted run");
  }

  private static void assertTablePerplexityMatches(TrainRunResult result) throws IOException {
    TokenCorpus validation = TokenFiles.prepare(corpus, Split.VALIDATION, Tokenizers.byName("gpt2"),
        dir.resolve("tokens"));
    try (ModelBundle bundle = ModelBundle.open(result.directory());
        LanguageModel model = bundle.loadModel(Device.cpu(), false)) {
      assertEquals(EmbeddingDtype.FLOAT32, bundle.manifest().embeddingDtype());
      PerplexityResult served = new TablePerplexity(bundle, model, 4).of(validation, result.eval().window());
      assertEquals(result.eval().validationTargets(), served.targets());
      assertEquals(result.eval().validationPerplexity(), served.perplexity(),
          1e-3 * result.eval().validationPerplexity());
    }
  }
}
