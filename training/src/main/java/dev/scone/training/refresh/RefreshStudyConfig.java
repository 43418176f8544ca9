package dev.scone.training.refresh;

import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Every knob of the {@link RefreshStudy}. SOTU documents are split by year: the model is trained
 * on {@code year < earlyUntil}; {@code earlyUntil <= year < laterUntil} is the "recent" text the
 * refreshed vocabulary is counted over (with the early text) and the warm start trains on; the
 * held-out text is the addresses from {@code laterUntil} on, in year order, up to {@code
 * maxHeldOutTokens} tokens (whole documents). Immutable.
 *
 * @param base the initial run (its store is where the study publishes)
 * @param warmStart the warm-start training on the recent text
 * @param workDir token cache and scratch space
 * @param scoreBatch windows per forward pass when scoring
 */
public record RefreshStudyConfig(int earlyUntil, int laterUntil, int maxHeldOutTokens, TrainRunConfig base,
    TrainingConfig warmStart, Path workDir, int scoreBatch) {

  public RefreshStudyConfig {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(warmStart, "warmStart");
    Objects.requireNonNull(workDir, "workDir");
    if (earlyUntil >= laterUntil) {
      throw new IllegalArgumentException("earlyUntil (" + earlyUntil + ") must be before laterUntil (" + laterUntil + ")");
    }
    if (maxHeldOutTokens < 2) throw new IllegalArgumentException("maxHeldOutTokens must be >= 2, got " + maxHeldOutTokens);
    if (scoreBatch < 1) throw new IllegalArgumentException("scoreBatch must be >= 1, got " + scoreBatch);
  }

  /**
   * A small CPU-sized study: a 2-layer d=64 model (context 64, max_n 4, 4,000 f-grams seen >= 5
   * times) trained 400 steps of 16 x 64 tokens on 1790-1899, warm-started 150 steps at a third of
   * the rate on 1900-1949, judged on up to 40,000 tokens from 1950 on.
   */
  public static RefreshStudyConfig small(Path workDir, int threads) {
    TrainingConfig base = TrainingConfig.builder().steps(400).batch(16, 64).learningRate(1e-3).minLearningRate(1e-4)
        .warmupSteps(40).evaluation(0, 4).checkpointEvery(0).seed(1).threads(threads).build();
    TrainingConfig warm = base.toBuilder().steps(150).learningRate(3e-4).minLearningRate(3e-5).warmupSteps(15).seed(2)
        .build();
    TrainRunConfig run = TrainRunConfig.defaults("sotu-early", workDir.resolve("store"))
        .withTraining(base)
        .withModel(2, 64, 4, 256, 64)
        .withFgrams(1, 4, 4_000, 5, null);
    return new RefreshStudyConfig(1900, 1950, 40_000, run, warm, workDir, 8);
  }

  public RefreshStudyConfig withSteps(int baseSteps, int warmSteps) {
    return new RefreshStudyConfig(earlyUntil, laterUntil, maxHeldOutTokens,
        base.withTraining(base.training().withSteps(baseSteps)), warmStart.withSteps(warmSteps), workDir, scoreBatch);
  }
}
