package dev.scone.training.run;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.model.ModelConfig;
import dev.scone.training.loop.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every knob of one {@link TrainRun}: which corpus, the model's architecture (its vocabulary size
 * comes from the data), how f-grams are chosen, the training run and where the bundle goes. Written
 * into the published bundle's manifest as its training config (snake_case keys). Immutable.
 *
 * @param corpus catalog corpus name ({@code sotu}, {@code moby-dick}); the label of a corpus given
 *     directly to {@link TrainRun#run(TrainRunConfig, dev.scone.training.corpus.Corpus)}
 * @param tokenizer tokenizer name ({@code gpt2})
 * @param layers main-model transformer blocks, >= 1
 * @param dModel width d, a multiple of {@code heads}
 * @param heads attention heads, >= 1
 * @param mlpHidden MLP hidden width, >= 1
 * @param contextLength positions the model has, >= the training window
 * @param dropout in [0, 1), training only
 * @param maxN longest f-gram, >= 2
 * @param fgramLayers f-gram model blocks; 0 trains the baseline (no f-grams, token rows only)
 * @param fgrams S, the f-grams kept when they are selected here, >= 0
 * @param fgramMinCount an n-gram needs this many occurrences in the training split to be kept
 * @param vocabFile a published {@code vocab.arrow} to reuse instead of selecting f-grams, or null
 * @param vocabMinCount 0: the model reads and predicts the tokenizer's whole vocabulary; else a
 *     token needs this many occurrences in the training split to get its own model id (the rest
 *     share UNK)
 * @param softmaxCutoffs the adaptive softmax's cluster bounds over the frequency-ordered model
 *     vocabulary (see {@code ModelConfig#softmaxCutoffs}); bounds at or past the vocabulary's
 *     size are dropped; empty: the full softmax
 * @param training the training loop's knobs (its seed seeds sampling and dropout)
 * @param dtype the embedding table's storage
 * @param store the bundle store's root directory
 * @param seed seeds the parameter initialisation
 */
public record TrainRunConfig(
    String corpus,
    String tokenizer,
    int layers,
    int dModel,
    int heads,
    int mlpHidden,
    int contextLength,
    double dropout,
    int maxN,
    int fgramLayers,
    int fgrams,
    long fgramMinCount,
    Path vocabFile,
    int vocabMinCount,
    List<Integer> softmaxCutoffs,
    TrainingConfig training,
    EmbeddingDtype dtype,
    Path store,
    long seed) {

  /**
   * A head of the 2,048 most frequent tokens, the next 14,336 at d/4 and the remaining ~34k at
   * d/16. On SOTU's training split the head holds 84.6% of the targets, so the tails are rarely
   * computed. Chosen on training speed (`bench train`, quiet, 20 timed steps each at d=128, B=16,
   * T=128, against the compacted vocabulary): head 1,024 0.97x, 2,048 0.92-0.96x, 4,096 0.34-0.43x
   * (a d x 4k product proved far slower than twice a d x 2k one on these CPUs).
   */
  public static final List<Integer> DEFAULT_CUTOFFS = List.of(2_048, 16_384);

  public TrainRunConfig {
    Objects.requireNonNull(corpus, "corpus");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(store, "store");
    if (fgrams < 0) throw new IllegalArgumentException("fgrams must be >= 0, got " + fgrams);
    if (fgramMinCount < 1) throw new IllegalArgumentException("fgramMinCount must be >= 1, got " + fgramMinCount);
    if (vocabMinCount < 0) throw new IllegalArgumentException("vocabMinCount must be >= 0, got " + vocabMinCount);
    softmaxCutoffs = List.copyOf(softmaxCutoffs);
    if (training.seqLen() > contextLength) {
      throw new IllegalArgumentException("the training window (seqLen " + training.seqLen()
          + ") exceeds the model's context of " + contextLength);
    }
    // The architecture's own checks (fields are not assigned yet: pass the parameters).
    new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, Integer.MAX_VALUE, dropout, maxN, fgramLayers,
        seed, softmaxCutoffs);
  }

  /**
   * A small SCONE run on {@code corpus}: 2 layers, d=128, 4 heads, context 128, maxN 5, a 1-layer
   * f-gram model, 10,000 f-grams seen >= 5 times, the full GPT-2 vocabulary through an adaptive
   * softmax ({@link #DEFAULT_CUTOFFS}), float32, default training.
   */
  public static TrainRunConfig defaults(String corpus, Path store) {
    return builder(corpus, store).build();
  }

  /** A builder starting from {@link #defaults(String, Path)}. */
  public static Builder builder(String corpus, Path store) {
    return new Builder(corpus, store);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether this run trains the baseline (no f-gram model). */
  public boolean baseline() {
    return fgramLayers == 0;
  }

  /** The architecture for a model vocabulary of {@code vocabSize} ids. */
  public ModelConfig modelConfig(int vocabSize) {
    List<Integer> cutoffs = softmaxCutoffs.stream().filter(c -> c < vocabSize).toList();
    return new ModelConfig(layers, dModel, heads, mlpHidden, contextLength, vocabSize, dropout, maxN,
        fgramLayers, seed, cutoffs);
  }

  public TrainRunConfig withModel(int layers, int dModel, int heads, int mlpHidden, int contextLength) {
    return toBuilder().model(layers, dModel, heads, mlpHidden, contextLength).build();
  }

  public TrainRunConfig withFgrams(int fgramLayers, int maxN, int fgrams, long fgramMinCount, Path vocabFile) {
    return toBuilder().fgrams(fgramLayers, maxN, fgrams, fgramMinCount, vocabFile).build();
  }

  public TrainRunConfig withTraining(TrainingConfig training) {
    return toBuilder().training(training).build();
  }

  public TrainRunConfig withVocabMinCount(int vocabMinCount) {
    return toBuilder().vocabMinCount(vocabMinCount).build();
  }

  public TrainRunConfig withSoftmaxCutoffs(List<Integer> softmaxCutoffs) {
    return toBuilder().softmaxCutoffs(softmaxCutoffs).build();
  }

  public TrainRunConfig withDropout(double dropout) {
    return toBuilder().dropout(dropout).build();
  }

  public TrainRunConfig withDtype(EmbeddingDtype dtype) {
    return toBuilder().dtype(dtype).build();
  }

  public TrainRunConfig withSeed(long seed) {
    return toBuilder().seed(seed).build();
  }

  /**
   * Sets some knobs and keeps the rest (the defaults, or the config it started from); {@link
   * #build} validates them all at once. Not thread-safe.
   */
  public static final class Builder {
    private String corpus;
    private String tokenizer = "gpt2";
    private int layers = 2;
    private int dModel = 128;
    private int heads = 4;
    private int mlpHidden = 512;
    private int contextLength = 128;
    private double dropout = 0.0;
    private int maxN = 5;
    private int fgramLayers = 1;
    private int fgrams = 10_000;
    private long fgramMinCount = 5;
    private Path vocabFile;
    private int vocabMinCount = 0;
    private List<Integer> softmaxCutoffs = DEFAULT_CUTOFFS;
    private TrainingConfig training = TrainingConfig.defaults();
    private EmbeddingDtype dtype = EmbeddingDtype.FLOAT32;
    private Path store;
    private long seed = 1;

    private Builder(String corpus, Path store) {
      this.corpus = corpus;
      this.store = store;
    }

    private Builder(TrainRunConfig c) {
      corpus = c.corpus;
      tokenizer = c.tokenizer;
      model(c.layers, c.dModel, c.heads, c.mlpHidden, c.contextLength);
      dropout = c.dropout;
      fgrams(c.fgramLayers, c.maxN, c.fgrams, c.fgramMinCount, c.vocabFile);
      vocabMinCount = c.vocabMinCount;
      softmaxCutoffs = c.softmaxCutoffs;
      training = c.training;
      dtype = c.dtype;
      store = c.store;
      seed = c.seed;
    }

    public Builder corpus(String corpus) {
      this.corpus = corpus;
      return this;
    }

    public Builder tokenizer(String tokenizer) {
      this.tokenizer = tokenizer;
      return this;
    }

    /** The main model's architecture. */
    public Builder model(int layers, int dModel, int heads, int mlpHidden, int contextLength) {
      this.layers = layers;
      this.dModel = dModel;
      this.heads = heads;
      this.mlpHidden = mlpHidden;
      this.contextLength = contextLength;
      return this;
    }

    public Builder dropout(double dropout) {
      this.dropout = dropout;
      return this;
    }

    /** The f-gram model's blocks (0: the baseline), the longest f-gram and how f-grams are chosen. */
    public Builder fgrams(int fgramLayers, int maxN, int fgrams, long fgramMinCount, Path vocabFile) {
      this.fgramLayers = fgramLayers;
      this.maxN = maxN;
      this.fgrams = fgrams;
      this.fgramMinCount = fgramMinCount;
      this.vocabFile = vocabFile;
      return this;
    }

    public Builder softmaxCutoffs(List<Integer> softmaxCutoffs) {
      this.softmaxCutoffs = List.copyOf(softmaxCutoffs);
      return this;
    }

    public Builder vocabMinCount(int vocabMinCount) {
      this.vocabMinCount = vocabMinCount;
      return this;
    }

    public Builder training(TrainingConfig training) {
      this.training = training;
      return this;
    }

    public Builder dtype(EmbeddingDtype dtype) {
      this.dtype = dtype;
      return this;
    }

    public Builder store(Path store) {
      this.store = store;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** @throws IllegalArgumentException naming the first knob out of range */
    public TrainRunConfig build() {
      return new TrainRunConfig(corpus, tokenizer, layers, dModel, heads, mlpHidden, contextLength, dropout, maxN,
          fgramLayers, fgrams, fgramMinCount, vocabFile, vocabMinCount, softmaxCutoffs, training, dtype, store, seed);
    }
  }
}
