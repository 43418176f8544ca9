package dev.scone.training.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.model.recycle.RecycleStore;
import dev.scone.model.recycle.RecyclingScorer;
import dev.scone.training.bundle.SampleBundle;
import dev.scone.training.corpus.Document;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.loop.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-scoring across retrains with {@link RecyclingScorer}: a retrain that froze the lower layer
 * shares the bundle's fingerprint, so its re-scoring runs only the upper layer on the stored
 * activations and equals full scoring; a full retrain (an unfrozen layer) or a new table (another
 * f-gram set) never reads them; the same bundle reuses its scores.
 */
class RecycledRescoringTest {
  private static final String[] WORDS = ("the of and to a in that is was he for it with as his on be at by state "
      + "union nation people congress year government war peace law great new must our we will").split(" ");

  @TempDir static Path dir;
  private static BundleStore store;
  private static List<String> texts;
  private static long first;
  private static long frozen;
  private static long unfrozen;
  private static long otherTable;

  @BeforeAll
  static void publishRetrains() throws Exception {
    Random random = new Random(3);
    texts = new ArrayList<>();
    for (int d = 0; d < 12; d++) {
      StringBuilder b = new StringBuilder();
      int words = 5 + random.nextInt(d % 3 == 0 ? 60 : 15); // some longer than the 32-token context
      for (int w = 0; w < words; w++) b.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      texts.add(b.toString());
    }
    BundleRef ref = SampleBundle.of(texts).layers(2).maxN(3).fgrams(30).seed(4).modelVersion("two").publishTo(dir.resolve("store"));
    store = BundleStore.at(dir.resolve("store"));
    first = ref.version();
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) docs.add(new Document("r" + i, texts.get(i)));
    TrainingConfig steps = TrainingConfig.builder().steps(3).batch(2, 16).learningRate(1e-2).minLearningRate(1e-2)
        .warmupSteps(1).weightDecay(0.1).evaluation(0, 1).checkpointEvery(0).seed(1).threads(1).build();
    GatedPublisher publisher = new GatedPublisher(store, dir.resolve("scratch"), new QualityGate(-0.99),
        new HeldOutText(docs.subList(0, 2)), 4);
    try (ModelBundle current = store.open(first)) {
      TokenCorpus recent = TokenCorpus.tokenize(docs, Tokenizers.byName("gpt2"));
      FgramVocabulary same = current.vocabulary();
      frozen = WarmStartRetrain.run(current, same, "", recent, steps, publisher, 1).published().orElseThrow().version();
      unfrozen = WarmStartRetrain.run(current, same, "", recent, steps, publisher, 0).published().orElseThrow().version();
      otherTable = WarmStartRetrain.run(current, fewerFgrams(same), "", recent, steps, publisher, 1).published()
          .orElseThrow().version();
    }
  }

  /** The texts' 5 most frequent n-grams: another f-gram set, so another table. */
  private static FgramVocabulary fewerFgrams(FgramVocabulary like) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), like.meta().maxN());
    for (String t : texts) counter.addDocument(tokenizer.encode(t));
    return new FgramSelector(5, 1).select(counter, new FgramVocabulary.Meta("gpt2", tokenizer.vocabSize(),
        like.meta().maxN(), like.meta().version() + 1));
  }

  /** Re-scores the texts under {@code version} with the store at {@code recycle}; checks against full scoring. */
  private static RecyclingScorer.Outcome rescore(long version, Path recycle) throws Exception {
    try (ModelBundle bundle = store.open(version); ServedBundle served = ServedBundle.open(bundle, Device.cpu());
        RecycleStore rs = new RecycleStore(recycle, Long.MAX_VALUE)) {
      List<int[]> docs = new ArrayList<>();
      for (String t : texts) docs.add(served.tokenizer().encode(t));
      RecyclingScorer.Outcome o = RecyclingScorer.open(bundle, served.handle(), rs, null).scoreAll(docs);
      List<Score> full = served.scorer().scoreAll(docs);
      for (int d = 0; d < docs.size(); d++) {
        double expected = full.get(d).perplexity();
        double rel = Math.abs(o.scores().get(d).perplexity() - expected) / expected;
        assertTrue(rel < 1e-4, "v" + version + " document " + d + ": " + o.scores().get(d).perplexity() + " vs " + expected);
      }
      return o;
    }
  }

  @Test
  void aFrozenRetrainRecyclesTheStoredActivationsAndScoresAsFullRescoring() throws Exception {
    Path recycle = dir.resolve("recycle-frozen");
    RecyclingScorer.Outcome cold = rescore(first, recycle);
    assertEquals(texts.size(), cold.computed());
    RecyclingScorer.Outcome warm = rescore(frozen, recycle);
    assertEquals(texts.size(), warm.recycled(), "every document ran only the upper layer");
    assertEquals(0, warm.computed());
    RecyclingScorer.Outcome again = rescore(frozen, recycle);
    assertEquals(texts.size(), again.reused(), "the same bundle reuses its scores");
  }

  @Test
  void anUnfrozenLayerOrAChangedTableIsNeverServedFromTheStore() throws Exception {
    Path recycle = dir.resolve("recycle-changed");
    rescore(first, recycle);
    try (ModelBundle a = store.open(first); ModelBundle b = store.open(otherTable)) {
      assertNotEquals(a.table().metadata().version(), b.table().metadata().version());
    }
    for (long version : new long[] {unfrozen, otherTable}) {
      RecyclingScorer.Outcome o = rescore(version, recycle);
      assertEquals(0, o.recycled() + o.reused(), "v" + version);
      assertEquals(texts.size(), o.computed(), "v" + version);
    }
  }
}
