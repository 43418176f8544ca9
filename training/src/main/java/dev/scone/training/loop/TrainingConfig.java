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
 * @param threads PyTorch intra-op threads for the whole process, >= 0; 0 leaves the setting (0)
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

  /** All fields but the f-gram model's learning-rate scale, which is 1. */
  public TrainingConfig(int steps, int batchSize, int seqLen, double learningRate,
      double minLearningRate, int warmupSteps, double weightDecay, double clipNorm, double beta1,
      double beta2, double epsilon, int evalEvery, int evalBatches, int checkpointEvery, long seed,
      int threads, int maxNonFiniteSteps, double divergenceNats) {
    this(steps, batchSize, seqLen, learningRate, minLearningRate, warmupSteps, weightDecay, clipNorm,
        beta1, beta2, epsilon, evalEvery, evalBatches, checkpointEvery, seed, threads, maxNonFiniteSteps,
        divergenceNats, 1.0);
  }

  public TrainingConfig withFgramLearningRateScale(double scale) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats, scale);
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
    return new TrainingConfig(1000, 16, 128, 1e-3, 1e-4, 100, 0.1, 1.0, 0.9, 0.95, 1e-8, 100, 8,
        500, 1, 0, 10, 1.0);
  }

  /** B·T: tokens (targets) per step. */
  public long tokensPerStep() {
    return (long) batchSize * seqLen;
  }

  /** Steps, warm-up and checkpoints scaled together: warm-up min(warmupSteps, steps). */
  public TrainingConfig withSteps(int steps) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        Math.min(warmupSteps, steps), weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery,
        evalBatches, checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withBatch(int batchSize, int seqLen) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withLearningRate(double learningRate, double minLearningRate,
      int warmupSteps) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withOptimizer(double weightDecay, double clipNorm, double beta1,
      double beta2, double epsilon) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withEvaluation(int evalEvery, int evalBatches) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withCheckpointEvery(int checkpointEvery) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withSeed(long seed) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withThreads(int threads) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  public TrainingConfig withDivergence(int maxNonFiniteSteps, double divergenceNats) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        checkpointEvery, seed, threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }

  /** This config with the fields a resumed run may change copied from {@code other}. */
  TrainingConfig withResumableFieldsOf(TrainingConfig other) {
    return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLearningRate,
        warmupSteps, weightDecay, clipNorm, beta1, beta2, epsilon, evalEvery, evalBatches,
        other.checkpointEvery, seed, other.threads, maxNonFiniteSteps, divergenceNats,
        fgramLearningRateScale);
  }
}
