package dev.scone.jobs.serve;

import ai.djl.Device;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
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
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Tiny real bundles for the serving tests: a randomly initialised GPT (1 layer, d=16, context
 * 32) over a compacted vocabulary of the tokens of {@link #TEXT} plus UNK, GPT-2's tokenizer, and
 * an f-gram vocabulary of the text's repeated bigrams and trigrams. Published with a real
 * {@link BundleStore}; a few hundred ms each.
 */
public final class ServingBundles {
  static final String TEXT = "the cat sat on the mat. the dog sat on the log. the cat and the dog sat on the mat"
      + " and the log, and then the cat ran to the dog and the dog ran to the cat.";
  static final int CONTEXT = 32;

  private ServingBundles() {}

  /** Publishes a bundle whose model is drawn from {@code seed}, model_version {@code "m" + seed}. */
  public static BundleRef publish(Path store, long seed) throws IOException {
    int[] tokens = Tokenizers.byName("gpt2").encode(TEXT);
    int[] kept = new TreeSet<>(Arrays.stream(tokens).boxed().toList()).stream().mapToInt(Integer::intValue).toArray();
    ModelVocabulary ids = new ModelVocabulary("gpt2", 50_257, 1, kept);
    ModelConfig config = new ModelConfig(1, 16, 2, 32, CONTEXT, ids.size(), 0.0, 3, 1, seed);
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      BundleRequest request = BundleRequest.of(model, ids, "m" + seed, fgrams(tokens, seed), EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false));
      return BundlePublisher.at(store).publish(request);
    }
  }

  /** The text's bigrams and trigrams seen at least twice, counted, in rank order. */
  private static FgramVocabulary fgrams(int[] tokens, long version) {
    NgramCounter counter = new NgramCounter(50_257, 3);
    counter.addDocument(tokens);
    // every distinct n-gram may be kept: the count, not the size, is the bound here
    return new FgramSelector((int) counter.size(), 2).select(counter, new FgramVocabulary.Meta("gpt2", 50_257, 3, version));
  }
}
