package dev.scone.testing;

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
 * Publishes a tiny real SCONE bundle into a store for tests: a randomly initialised model (1
 * layer, d=16, 2 heads, context 32, maxN 4, a 1-layer f-gram model) whose vocabulary is
 * compacted to the GPT-2 tokens of some sample texts (others map to UNK), and an f-gram
 * vocabulary of the sample texts' most frequent 2..4-grams, published with {@link BundleStore}
 * (table precomputed, float32). About a second; the table is (50257 + |F|) x 16 floats.
 */
public final class TinyBundles {
  public static final int D = 16;
  public static final int CONTEXT = 32;
  public static final int MAX_N = 4;

  private TinyBundles() {}

  /** A published bundle: its store root, version and directory. */
  public record Published(Path store, long version, Path directory, String modelVersion) {}

  /** Publishes a tiny bundle into the store at {@code storeRoot}, seeded by {@code seed}. */
  public static Published publish(Path storeRoot, List<String> sampleTexts, int fgrams, long seed) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    List<int[]> docs = sampleTexts.stream().map(tokenizer::encode).toList();
    ModelVocabulary ids = new ModelVocabulary(tokenizer.name(), tokenizer.vocabSize(), 1, keptTokens(docs));
    ModelConfig config = new ModelConfig(1, D, 2, 2 * D, CONTEXT, ids.modelVocabSize(), 0.0, MAX_N, 1, seed);
    FgramVocabulary vocabulary = topNgrams(docs, fgrams, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), MAX_N, 1));
    String modelVersion = "tiny-" + seed;
    BundleStore store = BundleStore.at(storeRoot);
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      BundleRef ref = BundlePublisher.to(store).publish(BundleRequest.of(model, ids, modelVersion, vocabulary, EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false)));
      return new Published(storeRoot, ref.version(), store.directory(ref.version()), modelVersion);
    }
  }

  private static int[] keptTokens(List<int[]> docs) {
    TreeSet<Integer> seen = new TreeSet<>();
    for (int[] d : docs) for (int t : d) seen.add(t);
    return seen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The {@code size} most frequent 2..maxN-grams of {@code docs} (fewer if there are not as many), ranked. */
  static FgramVocabulary topNgrams(List<int[]> docs, int size, FgramVocabulary.Meta meta) {
    NgramCounter counter = new NgramCounter(meta.vocabSize(), meta.maxN());
    docs.forEach(counter::addDocument);
    return new FgramSelector(size, 1).select(counter, meta);
  }
}
