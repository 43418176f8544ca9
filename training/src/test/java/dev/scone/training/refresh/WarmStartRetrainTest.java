package dev.scone.training.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.FrozenPart;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.corpus.Document;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmStartRetrainTest {
  @TempDir Path dir;

  private static List<Document> text(long seed, int docs) {
    String[] phrases = {"the union is strong", "we the people", "the state of the union", "our nation",
        "the congress shall", "energy and the economy"};
    Random random = new Random(seed);
    List<Document> out = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      StringBuilder b = new StringBuilder();
      for (int s = 0; s < 40; s++) b.append(phrases[random.nextInt(phrases.length)]).append(", ");
      out.add(new Document("d" + seed + "-" + d, b.toString()));
    }
    return out;
  }

  private static TrainingConfig steps(int steps, double lr) {
    return TrainingConfig.builder().steps(steps).batch(4, 16).learningRate(lr).minLearningRate(lr).warmupSteps(0)
        .weightDecay(0.0).evaluation(0, 1).checkpointEvery(0).seed(1).threads(1).build();
  }

  /** Four generated documents, their compacted vocabulary, 20 f-grams and an empty store under {@code dir}. */
  private static final class Fixture {
    final TokenCorpus train = TokenCorpus.tokenize(text(1, 4), Tokenizers.byName("gpt2"));
    final ModelVocabulary ids = ModelVocabulary.fromCounts(train, 1);
    final FgramVocabulary fgrams;
    final BundleStore store;

    Fixture(Path dir) {
      NgramCounter counter = new NgramCounter(train.vocabSize(), 3);
      for (int d = 0; d < train.documents(); d++) counter.addDocument(train.tokens(d));
      fgrams = new FgramSelector(20, 2).select(counter, new FgramVocabulary.Meta("gpt2", train.vocabSize(), 3, 1));
      store = BundleStore.at(dir.resolve("store"));
    }

    BundleRef publish(LanguageModel model, String version) throws IOException {
      return BundlePublisher.to(store).publish(BundleRequest.of(model, ids, version, fgrams, EmbeddingDtype.FLOAT32));
    }

    /** A fresh 1-layer SCONE model over this vocabulary. */
    LanguageModel newModel() {
      return LanguageModel.create(new ModelConfig(1, 16, 2, 32, 16, ids.size(), 0.0, 3, 1, 9), Device.cpu());
    }
  }

  /**
   * A bundle trained away from its initialisation, warm-started with a vanishing learning rate,
   * scores as the bundle does: the retrain began from the bundle's parameters, not from a fresh
   * initialisation (which the first training moved far from).
   */
  @Test
  void warmStartBeginsFromTheBundleParameters() throws Exception {
    Fixture f = new Fixture(dir);
    BundleRef first;
    try (LanguageModel model = f.newModel(); TrainingLoop loop = new TrainingLoop(model, steps(30, 1e-2),
        TokenStream.scone(f.train, f.ids, f.fgrams), null)) {
      loop.run();
      first = f.publish(model, "trained");
    }
    GatedPublisher publisher = new GatedPublisher(f.store, dir.resolve("scratch"), new QualityGate(-0.01),
        new HeldOutText(text(2, 1)), 4);
    try (ModelBundle current = f.store.open(first.version())) {
      GatedPublisher.Outcome o = WarmStartRetrain.run(current, f.fgrams, "", f.train, steps(1, 1e-9), publisher);
      GateDecision d = o.decision();
      assertTrue(Math.abs(d.candidatePerplexity() / d.currentPerplexity() - 1) < 1e-3, d.reason());
      assertTrue(o.published().isPresent(), d.reason());
      try (ModelBundle retrained = f.store.open(o.published().get())) {
        assertTrue(retrained.manifest().modelVersion().startsWith("trained-ws"));
        assertEquals(first.version(), retrained.manifest().eval().get("previous_version").asLong());
        assertEquals(1, retrained.manifest().eval().get("candidate").get("steps").asInt());
      }
      double fresh = freshModelPerplexity(current, publisher);
      assertTrue(Math.abs(fresh / d.currentPerplexity() - 1) > 0.05,
          "a fresh initialisation scores " + fresh + ", the bundle " + d.currentPerplexity());
    }
  }

  /**
   * A bundle whose main model computes NaN (its final LayerNorm scale is NaN; the table does not
   * read it) cannot train: the retrain stops, is retried once at half the learning rate, and the
   * outcome is a training failure naming both attempts, not a gate decision; nothing is published.
   */
  @Test
  void aRetrainThatCannotTrainIsRetriedOnceThenReportedAsAFailure() throws Exception {
    Fixture f = new Fixture(dir);
    BundleRef broken;
    try (LanguageModel model = f.newModel()) {
      for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
        if (p.getKey().endsWith("main_01stack_02lnFinal_gamma")) p.getValue().getArray().muli(Float.NaN);
      }
      broken = f.publish(model, "broken");
    }
    GatedPublisher publisher = new GatedPublisher(f.store, dir.resolve("scratch"), new QualityGate(-0.01),
        new HeldOutText(text(2, 1)), 4);
    TrainingConfig twoStrikes = steps(20, 1e-3).withDivergence(2, 1.0);
    try (ModelBundle current = f.store.open(broken.version())) {
      GatedPublisher.Outcome o = WarmStartRetrain.run(current, f.fgrams, "", f.train, twoStrikes, publisher);
      assertTrue(o.failedToTrain());
      assertNull(o.decision(), "a failure to train is no gate decision");
      assertTrue(o.published().isEmpty());
      String reason = o.trainingFailure().get();
      assertTrue(reason.contains("NON_FINITE after 2 steps at peak learning rate 0.00100"), reason);
      assertTrue(reason.contains("then NON_FINITE after 2 steps at peak learning rate 0.000500"), reason);
    }
    assertEquals(List.of(broken.version()), f.store.list(), "nothing was published");
  }

  /**
   * A retrain that froze the lower layer of a 2-layer model leaves the input side, block 0 and the
   * f-gram model bit-identical, trains block 1, and records a fingerprint that equals the one
   * computed from the bundle it started from (same lower part, same table rows).
   */
  @Test
  void aFrozenRetrainKeepsTheLowerLayersBitIdenticalAndRecordsTheirFingerprint() throws Exception {
    Fixture f = new Fixture(dir);
    BundleRef first;
    try (LanguageModel model = LanguageModel.create(
        new ModelConfig(2, 16, 2, 32, 16, f.ids.size(), 0.0, 3, 1, 9), Device.cpu())) {
      first = f.publish(model, "two-layers");
    }
    GatedPublisher publisher = new GatedPublisher(f.store, dir.resolve("scratch"), new QualityGate(-0.99),
        new HeldOutText(text(2, 1)), 4);
    try (ModelBundle current = f.store.open(first.version())) {
      GatedPublisher.Outcome o = WarmStartRetrain.run(current, f.fgrams, "", f.train, steps(3, 1e-2), publisher, 1);
      assertTrue(o.published().isPresent(), o.decision().reason());
      try (ModelBundle retrained = f.store.open(o.published().get());
          LanguageModel before = current.loadModel(Device.cpu(), true);
          LanguageModel after = retrained.loadModel(Device.cpu(), true)) {
        List<Pair<String, Parameter>> a = before.djlModel().getBlock().getParameters().stream().toList();
        List<Pair<String, Parameter>> b = after.djlModel().getBlock().getParameters().stream().toList();
        int unchanged = 0;
        for (int i = 0; i < a.size(); i++) {
          String name = a.get(i).getKey();
          boolean same = Arrays.equals(a.get(i).getValue().getArray().toByteArray(),
              b.get(i).getValue().getArray().toByteArray());
          boolean upper = name.contains("main_") && (name.contains("block1") || name.contains("lnFinal"));
          assertEquals(!upper, same, name + (upper ? " should have trained" : " should be frozen"));
          if (same) unchanged++;
        }
        assertTrue(unchanged > 10, unchanged + " frozen parameters");
        FrozenPart recorded = retrained.manifest().frozen();
        assertEquals(1, recorded.layers());
        assertEquals(FrozenPart.of(current, before, 1), recorded);
        assertEquals(FrozenPart.of(retrained, after, 1), recorded);
        assertNull(current.manifest().frozen(), "a bundle whose layers all trained records none");
      }
    }
  }

  @Test
  void theRetryHalvesTheLearningRateKeepsTheWarmUpAndSamplesAnew() {
    TrainingConfig first = TrainingConfig.builder().steps(60).learningRate(3e-4).minLearningRate(3e-5)
        .warmupSteps(6).seed(2).build();
    TrainingConfig retry = WarmStartRetrain.retryOf(first);
    assertEquals(1.5e-4, retry.learningRate(), 1e-12);
    assertEquals(1.5e-5, retry.minLearningRate(), 1e-12);
    assertEquals(6, retry.warmupSteps());
    assertEquals(3, retry.seed());
    assertEquals(first.steps(), retry.steps());
  }

  /** The held-out perplexity of an untrained model with the bundle's config, through a published table. */
  private double freshModelPerplexity(ModelBundle current, GatedPublisher publisher) throws Exception {
    BundleStore other = BundleStore.at(dir.resolve("fresh"));
    try (LanguageModel model = LanguageModel.create(current.config(), Device.cpu())) {
      BundleRef ref = BundlePublisher.to(other).publish(BundleRequest.of(model, current.tokenIds(), "fresh", current.vocabulary(),
          EmbeddingDtype.FLOAT32));
      try (ModelBundle fresh = other.open(ref.version())) {
        return publisher.score(fresh, new HeldOutText(text(2, 1)).tokens("gpt2")).perplexity();
      }
    }
  }

  @Test
  void retrainedVersionReplacesAnEarlierWarmStartSuffix() {
    String once = WarmStartRetrain.retrainedVersion("sotu-scone-20261122T140501Z");
    assertTrue(once.matches("sotu-scone-20261122T140501Z-ws\\d{8}T\\d{6}Z"), once);
    String twice = WarmStartRetrain.retrainedVersion(once);
    assertTrue(twice.matches("sotu-scone-20261122T140501Z-ws\\d{8}T\\d{6}Z"), twice);
  }
}
