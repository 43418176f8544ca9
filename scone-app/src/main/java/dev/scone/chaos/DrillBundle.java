package dev.scone.chaos;

import ai.djl.Device;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.data.ModelVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The bundle the drills serve: a randomly initialised real model (1 layer, d=16, context 32,
 * maxN 3) over the GPT-2 tokens of {@link DrillCorpus}'s words, and the corpus's top 2..3-grams,
 * published into a real {@link BundleStore}. About a second to build; what it answers is
 * meaningless, that it answers is the point.
 */
public final class DrillBundle {
  public static final int CONTEXT = 32;

  private DrillBundle() {}

  /** Publishes a bundle drawn from {@code seed} into {@code store}; model_version {@code "chaos-" + seed}. */
  public static BundleRef publish(Path store, long seed) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    List<String> sample = DrillCorpus.documents(seed, 20);
    TreeSet<Integer> seen = new TreeSet<>();
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), 3);
    for (String text : sample) {
      int[] tokens = tokenizer.encode(text);
      for (int t : tokens) seen.add(t);
      counter.addDocument(tokens);
    }
    ModelVocabulary ids = new ModelVocabulary(tokenizer.name(), tokenizer.vocabSize(), 1,
        seen.stream().mapToInt(Integer::intValue).toArray());
    ModelConfig config = new ModelConfig(1, 16, 2, 32, CONTEXT, ids.modelVocabSize(), 0.0, 3, 1, seed);
    FgramVocabulary fgrams = new FgramSelector(30, 2)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), 3, 1));
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      return BundlePublisher.at(store).publish(BundleRequest.of(model, ids, "chaos-" + seed, fgrams, EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false)));
    }
  }
}
