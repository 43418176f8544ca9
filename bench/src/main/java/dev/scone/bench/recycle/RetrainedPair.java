package dev.scone.bench.recycle;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.refresh.GateDecision;
import dev.scone.training.refresh.GatedPublisher;
import dev.scone.training.refresh.HeldOutText;
import dev.scone.training.refresh.QualityGate;
import dev.scone.training.refresh.WarmStartRetrain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The bundles the recycle benchmark compares: a SCONE model trained on the first half of a
 * corpus's training split (the base), then warm-start retrained on the second half twice, once
 * with the lower {@code frozenLayers} blocks and the input side frozen and once with everything
 * training. Same steps, rate and text for both retrains; each retrain's wall time covers training,
 * the table precompute and the gate's held-out scoring (the last two cost the same for both).
 *
 * @param base the base bundle's version
 * @param frozen the frozen retrain's version
 * @param full the full retrain's version
 */
record RetrainedPair(BundleStore store, long base, long frozen, long full, double baseTrainSeconds,
    Retrain frozenRetrain, Retrain fullRetrain) {

  /**
   * One retrain: its gate decision (held-out perplexity before and after), the training steps'
   * time, and the wall time of the whole retrain (training, table precompute, gate scoring).
   */
  record Retrain(GateDecision decision, double trainSeconds, double seconds) {}

  static RetrainedPair build(Corpus corpus, RecycleBench.Config c, Path dir) throws IOException {
    Tokenizer gpt2 = Tokenizers.byName("gpt2");
    List<Document> train = corpus.documents(Split.TRAIN);
    int half = train.size() / 2;
    TokenCorpus all = TokenCorpus.tokenize(train, gpt2);
    TokenCorpus early = TokenCorpus.tokenize(train.subList(0, half), gpt2);
    TokenCorpus recent = TokenCorpus.tokenize(train.subList(half, train.size()), gpt2);
    ModelVocabulary ids = ModelVocabulary.fromCounts(all, 2);
    NgramCounter counter = new NgramCounter(gpt2.vocabSize(), c.maxN());
    for (int d = 0; d < all.documents(); d++) counter.addDocument(all.tokens(d));
    FgramVocabulary fgrams = new FgramSelector(c.fgrams(), c.fgramMinCount())
        .select(counter, new FgramVocabulary.Meta(gpt2.name(), gpt2.vocabSize(), c.maxN(), 1));
    ModelConfig config = new ModelConfig(c.layers(), c.dModel(), c.heads(), 4 * c.dModel(), c.context(), ids.size(),
        0.0, c.maxN(), 1, c.seed());
    BundleStore store = BundleStore.at(dir.resolve("store"));
    long started = System.nanoTime();
    BundleRef base;
    try (LanguageModel model = LanguageModel.create(config, Devices.preferred());
        TrainingLoop loop = new TrainingLoop(model, training(c, c.baseSteps(), 1e-3), TokenStream.scone(early, ids, fgrams),
            null)) {
      RecycleBench.note("training the base model: " + c.baseSteps() + " steps on the first " + half + " documents");
      loop.run();
      base = BundlePublisher.to(store).publish(BundleRequest.of(model, ids, "recycle-base", fgrams, EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false)));
    }
    double baseSeconds = (System.nanoTime() - started) / 1e9;
    List<Document> heldOut = corpus.documents(Split.VALIDATION).stream().limit(c.heldOutDocuments()).toList();
    // The full retrain runs first: the first retrain of a process also pays for warming up the JVM and PyTorch,
    // which would otherwise flatter the frozen one.
    GatedPublisher publisher = new GatedPublisher(store, dir.resolve("scratch"), new QualityGate(-0.99),
        new HeldOutText(heldOut), 8);
    int k = c.layers() / 2;
    try (ModelBundle current = store.open(base.version())) {
      RecycleBench.note("warm-start retrain, every layer training: " + c.retrainSteps() + " steps on the other "
          + (train.size() - half) + " documents");
      TimedOutcome full = retrain(store, current, fgrams, recent, training(c, c.retrainSteps(), 3e-4), publisher, 0);
      RecycleBench.note("warm-start retrain, lower " + k + " of " + c.layers() + " layers frozen: " + c.retrainSteps()
          + " steps");
      TimedOutcome frozen = retrain(store, current, fgrams, recent, training(c, c.retrainSteps(), 3e-4), publisher, k);
      return new RetrainedPair(store, base.version(), frozen.version, full.version, baseSeconds, frozen.retrain,
          full.retrain);
    }
  }

  private record TimedOutcome(long version, Retrain retrain) {}

  private static TimedOutcome retrain(BundleStore store, ModelBundle current, FgramVocabulary fgrams,
      TokenCorpus recent, TrainingConfig training, GatedPublisher publisher, int frozenLayers) throws IOException {
    long started = System.nanoTime();
    GatedPublisher.Outcome o = WarmStartRetrain.run(current, fgrams, "", recent, training, publisher, frozenLayers);
    double seconds = (System.nanoTime() - started) / 1e9;
    BundleRef ref = o.published().orElseThrow(() -> new IllegalStateException("the retrain with " + frozenLayers
        + " frozen layers was not published: " + o.trainingFailure().orElse(String.valueOf(o.decision()))));
    double trainSeconds;
    try (ModelBundle published = store.open(ref.version())) {
      trainSeconds = published.manifest().eval().get("candidate").get("train_seconds").asDouble();
    }
    return new TimedOutcome(ref.version(), new Retrain(o.decision(), trainSeconds, seconds));
  }

  private static TrainingConfig training(RecycleBench.Config c, int steps, double rate) {
    return TrainingConfig.builder().steps(steps).batch(c.batch(), c.context()).learningRate(rate)
        .minLearningRate(rate / 10).warmupSteps(Math.max(1, steps / 10)).evaluation(0, 1).checkpointEvery(0)
        .seed(c.seed()).build();
  }
}
