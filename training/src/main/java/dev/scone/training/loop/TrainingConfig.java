package dev.scone.training.loop;

/**
 * Every knob of a training run, each with a default ({@link #defaults()}); the same for the
 * baseline and SCONE. Written into checkpoints; a resumed run must use the same values except
 * {@code threads} and {@code checkpointEvery} (see {@link TrainingLoop#resumeLatest()}).
 *
 * @param steps optimizer steps in the whole run, >= 1 (default 1000)
 * @param batchSize windows per step B, >= 1 (16)
 * @param seqLen input positions per window T, >= 1, at most the model's context (128)
 * @param learningRate peak learning rate after warm-up, > 0 (1e-3)
 * @param minLearningRate floor the cosine decays to, in [0, learningRate] (1e-4)
 * @param warmupSteps linear warm-up steps, in [0, steps] (100)
 * @param weightDecay AdamW's decoupled decay on weight matrices and the token embedding (not on
 *     LayerNorm, biases or position embeddings), >= 0 (0.1)
 * @param clipNorm the global gradient L2 norm is scaled down to at most this, > 0 (1.0)
 * @param beta1 AdamW's first-moment decay, in [0, 1) (0.9)
 * @param beta2 AdamW's second-moment decay, in [0, 1) (0.95)
 * @param epsilon AdamW's denominator term, > 0 (1e-8)
 * @param evalEvery steps between validation measurements, >= 0; 0 validates only at the end (100)
 * @param evalBatches validation batches of B windows each, >= 1 (8)
 * @param checkpointEvery steps between checkpoints, >= 0; 0 checkpoints only at the end (500)
 * @param seed seeds window sampling and dropout; same seed, same loss curve (1)
 * @param threads PyTorch intra-op threads for the whole process, >= 0; 0 uses every core, or
 *     {@code $OMP_NUM_THREADS} when set (0)
 * @param maxNonFiniteSteps consecutive skipped (NaN/inf) steps that stop the run, >= 1 (10)
 * @param divergenceNats stop when validation loss exceeds its best by more than this, > 0 (1.0)
 * @param fgramLearningRateScale the f-gram model's parameters train at this multiple of the
 *     learning rate (the main model's, shared token embedding included, at 1x), in (0, 1] (1.0).
 *     The f-gram model is unstable at rates the main model still gains from (docs/RESULTS.md).
 */
public record TrainingConfig(int steps, int batchSize, int seqLen, double learningRate,
    double minLearningRate, int warmupSteps, double weightDecay, double clipNorm, double beta1,
    double beta2, double epsilon, int evalEvery, int evalBatches, int checkpointEvery, long seed,
    int threads, int maxNonFiniteSteps, double divergenceNats, double fgramLearningRateScale) {

  public TrainingConfig {
    check("fgramLearningRateScale", fgramLearningRateScale,
        fgramLearningRateScale > 0 && fgramLearningRateScale <= 1, "in (0, 1]");
    atLeast("steps", steps, 1);
    atLeast("batchSize", batchSize, 1);
    atLeast("seqLen", seqLen, 1);
    check("learningRate", learningRate, learningRate > 0, "> 0");
    check("minLearningRate", minLearningRate,
        minLearningRate >= 0 && minLearningRate <= learningRate, "in [0, learningRate]");
    if (warmupSteps < 0 || warmupSteps > steps) {
      throw new IllegalArgumentException(
          "warmupSteps must be in [0, steps = " + steps + "], got " + warmupSteps);
    }
    check("weightDecay", weightDecay, weightDecay >= 0, ">= 0");
    check("clipNorm", clipNorm, clipNorm > 0, "> 0");
    check("beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
    check("beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
    check("epsilon", epsilon, epsilon > 0, "> 0");
    atLeast("evalEvery", evalEvery, 0);
    atLeast("evalBatches", evalBatches, 1);
    atLeast("checkpointEvery", checkpointEvery, 0);
    atLeast("threads", threads, 0);
    atLeast("maxNonFiniteSteps", maxNonFiniteSteps, 1);
    check("divergenceNats", divergenceNats, divergenceNats > 0, "> 0");
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }

  /** Rejects NaN too: every condition is false for NaN. */
  private static void check(String name, double value, boolean ok, String expected) {
    if (!ok || Double.isNaN(value)) {
      throw new IllegalArgumentException(name + " must be " + expected + ", got " + value);
    }
  }

  /** The defaults listed on the record. */
  public static TrainingConfig defaults() {
    return new Builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** B·T: tokens (targets) per step. */
  public long tokensPerStep() {
    return (long) batchSize * seqLen;
  }

  /** Steps, warm-up and checkpoints scaled together: warm-up min(warmupSteps, steps). */
  public TrainingConfig withSteps(int steps) {
    return toBuilder().steps(steps).warmupSteps(Math.min(warmupSteps, steps)).build();
  }

  public TrainingConfig withBatch(int batchSize, int seqLen) {
    return toBuilder().batch(batchSize, seqLen).build();
  }

  public TrainingConfig withLearningRate(double learningRate, double minLearningRate, int warmupSteps) {
    return toBuilder().learningRate(learningRate).minLearningRate(minLearningRate).warmupSteps(warmupSteps).build();
  }

  public TrainingConfig withOptimizer(double weightDecay, double clipNorm, double beta1, double beta2,
      double epsilon) {
    return toBuilder().optimizer(weightDecay, clipNorm, beta1, beta2, epsilon).build();
  }

  public TrainingConfig withEvaluation(int evalEvery, int evalBatches) {
    return toBuilder().evaluation(evalEvery, evalBatches).build();
  }

  public TrainingConfig withCheckpointEvery(int checkpointEvery) {
    return toBuilder().checkpointEvery(checkpointEvery).build();
  }

  public TrainingConfig withDivergence(int maxNonFiniteSteps, double divergenceNats) {
    return toBuilder().divergence(maxNonFiniteSteps, divergenceNats).build();
  }

  public TrainingConfig withFgramLearningRateScale(double scale) {
    return toBuilder().fgramLearningRateScale(scale).build();
  }

  public TrainingConfig withSeed(long seed) {
    return toBuilder().seed(seed).build();
  }

  public TrainingConfig withThreads(int threads) {
    return toBuilder().threads(threads).build();
  }

  /** This config with the fields a resumed run may change copied from {@code other}. */
  TrainingConfig withResumableFieldsOf(TrainingConfig other) {
    return toBuilder().checkpointEvery(other.checkpointEvery).threads(other.threads).build();
  }

  /**
   * Sets some knobs and keeps the rest (the defaults, or the config it started from); {@link
   * #build} validates them all at once. Not thread-safe.
   */
  public static final class Builder {
    private int steps = 1000;
    private int batchSize = 16;
    private int seqLen = 128;
    private double learningRate = 1e-3;
    private double minLearningRate = 1e-4;
    private int warmupSteps = 100;
    private double weightDecay = 0.1;
    private double clipNorm = 1.0;
    private double beta1 = 0.9;
    private double beta2 = 0.95;
    private double epsilon = 1e-8;
    private int evalEvery = 100;
    private int evalBatches = 8;
    private int checkpointEvery = 500;
    private long seed = 1;
    private int threads = 0;
    private int maxNonFiniteSteps = 10;
    private double divergenceNats = 1.0;
    private double fgramLearningRateScale = 1.0;

    private Builder() {}

    private Builder(TrainingConfig c) {
      steps = c.steps;
      batchSize = c.batchSize;
      seqLen = c.seqLen;
      learningRate = c.learningRate;
      minLearningRate = c.minLearningRate;
      warmupSteps = c.warmupSteps;
      weightDecay = c.weightDecay;
      clipNorm = c.clipNorm;
      beta1 = c.beta1;
      beta2 = c.beta2;
      epsilon = c.epsilon;
      evalEvery = c.evalEvery;
      evalBatches = c.evalBatches;
      checkpointEvery = c.checkpointEvery;
      seed = c.seed;
      threads = c.threads;
      maxNonFiniteSteps = c.maxNonFiniteSteps;
      divergenceNats = c.divergenceNats;
      fgramLearningRateScale = c.fgramLearningRateScale;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    /** B windows of T positions per step. */
    public Builder batch(int batchSize, int seqLen) {
      this.batchSize = batchSize;
      this.seqLen = seqLen;
      return this;
    }

    public Builder learningRate(double peak) {
      this.learningRate = peak;
      return this;
    }

    public Builder minLearningRate(double floor) {
      this.minLearningRate = floor;
      return this;
    }

    public Builder warmupSteps(int warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    public Builder fgramLearningRateScale(double scale) {
      this.fgramLearningRateScale = scale;
      return this;
    }

    /** AdamW's decoupled weight decay, global-norm clip, moment decays and epsilon. */
    public Builder optimizer(double weightDecay, double clipNorm, double beta1, double beta2, double epsilon) {
      this.weightDecay = weightDecay;
      this.clipNorm = clipNorm;
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.epsilon = epsilon;
      return this;
    }

    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Validation every {@code evalEvery} steps (0: only at the end) over {@code evalBatches} batches. */
    public Builder evaluation(int evalEvery, int evalBatches) {
      this.evalEvery = evalEvery;
      this.evalBatches = evalBatches;
      return this;
    }

    public Builder checkpointEvery(int checkpointEvery) {
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** When a run stops: after this many consecutive skipped steps, or this far above its best loss. */
    public Builder divergence(int maxNonFiniteSteps, double divergenceNats) {
      this.maxNonFiniteSteps = maxNonFiniteSteps;
      this.divergenceNats = divergenceNats;
      return this;
    }

    /** @throws IllegalArgumentException naming the first knob out of range */
    public TrainingConfig build() {
      return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate, warmupSteps, weightDecay,
          clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches, checkpointEvery, seed, threads, maxNonFiniteSteps,
          divergenceNats, fgramLearningRateScale);
    }
  }
}
