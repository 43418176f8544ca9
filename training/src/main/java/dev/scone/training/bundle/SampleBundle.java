package dev.scone.training.bundle;

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
import dev.scone.training.data.ModelVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A small, real, untrained SCONE bundle over a few sample texts, for the chaos drills and for
 * tests that need something to serve: a randomly initialised model (1 layer, d=16, 2 heads, MLP
 * 32, a 1-layer f-gram model, context 32 by default) whose vocabulary is compacted to the GPT-2
 * tokens of the texts (every other token is UNK), and an f-gram vocabulary of the texts' most
 * frequent 2..maxN-grams, published through a real {@link BundlePublisher} with a float32 table.
 * What it answers is meaningless; that it answers, through every real part, is the point. About a
 * second to publish; the table is (50257 + |F|) x 16 floats.
 *
 * <p>A builder: set what differs from the defaults, then {@link #publishTo}. The same settings and
 * seed give the same model, vocabulary and table. Not thread-safe.
 */
public final class SampleBundle {
  public static final int D_MODEL = 16;

  private final List<String> texts;
  private int contextLength = 32;
  private int layers = 1;
  private int maxN = 3;
  private int fgrams = Integer.MAX_VALUE;
  private long minCount = 1;
  private long seed = 1;
  private long vocabVersion = 1;
  private String modelVersion;

  private SampleBundle(List<String> texts) {
    this.texts = List.copyOf(texts);
  }

  /** A bundle over {@code texts}: maxN 3, every n-gram seen at least once kept, seed 1. */
  public static SampleBundle of(List<String> texts) {
    if (texts.isEmpty()) throw new IllegalArgumentException("need at least one sample text");
    return new SampleBundle(texts);
  }

  /** The model's context, in tokens (default 32). */
  public SampleBundle contextLength(int tokens) {
    this.contextLength = tokens;
    return this;
  }

  /** Transformer blocks of the main model (default 1). */
  public SampleBundle layers(int count) {
    this.layers = count;
    return this;
  }

  /** The longest f-gram (default 3). */
  public SampleBundle maxN(int maxN) {
    this.maxN = maxN;
    return this;
  }

  /** At most this many f-grams, the most frequent (default: every one that qualifies). */
  public SampleBundle fgrams(int fgrams) {
    this.fgrams = fgrams;
    return this;
  }

  /** An n-gram needs this many occurrences in the texts to be an f-gram (default 1). */
  public SampleBundle minCount(long minCount) {
    this.minCount = minCount;
    return this;
  }

  /** Seeds the model's weights (default 1). */
  public SampleBundle seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The vocabulary's own version metadata (default 1). */
  public SampleBundle vocabVersion(long version) {
    this.vocabVersion = version;
    return this;
  }

  /** The bundle's model_version (default {@code "sample-" + seed}). */
  public SampleBundle modelVersion(String modelVersion) {
    this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    return this;
  }

  /** Publishes the bundle into the store at {@code storeRoot}; returns its announcement. */
  public BundleRef publishTo(Path storeRoot) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    TreeSet<Integer> seen = new TreeSet<>();
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    for (String text : texts) {
      int[] tokens = tokenizer.encode(text);
      for (int t : tokens) seen.add(t);
      counter.addDocument(tokens);
    }
    ModelVocabulary ids = new ModelVocabulary(tokenizer.name(), tokenizer.vocabSize(), 1,
        seen.stream().mapToInt(Integer::intValue).toArray());
    ModelConfig config = new ModelConfig(layers, D_MODEL, 2, 2 * D_MODEL, contextLength, ids.modelVocabSize(), 0.0, maxN,
        1, seed);
    // The selector sizes its heap by the count asked for: never ask for more than there are.
    int size = (int) Math.min(fgrams, Math.max(1, counter.size()));
    FgramVocabulary vocabulary = new FgramSelector(size, minCount)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, vocabVersion));
    String name = modelVersion != null ? modelVersion : "sample-" + seed;
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      return BundlePublisher.at(storeRoot).publish(BundleRequest.of(model, ids, name, vocabulary, EmbeddingDtype.FLOAT32)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false)));
    }
  }
}
