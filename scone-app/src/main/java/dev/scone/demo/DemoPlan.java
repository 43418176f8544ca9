package dev.scone.demo;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sizes of one demo run. SOTU addresses are split by year: the models train on {@code year <
 * trainUntil}; {@code trainUntil <= year < streamUntil} arrive live in {@code batches} equal spans
 * of years; held-out text is the addresses from {@code streamUntil} on, whole documents up to
 * {@code heldOutTokens} tokens. Immutable.
 *
 * @param name {@code quick} or {@code default}; names the directory of the trained models
 * @param trainSteps optimizer steps of each initial model (windows of {@code batch} x {@code context})
 * @param warmSteps warm-start retrain steps the trainer runs on the live text
 * @param dModel model width (2 layers, 4 heads, MLP 4 x d)
 * @param fgrams S, f-grams kept by training and by the live count
 * @param feedDocsPerSecond how fast documents are streamed into scone.corpus
 * @param requestsPerBatch score and generate requests sent after each live batch (each op)
 */
public record DemoPlan(String name, int trainUntil, int streamUntil, int batches, int heldOutTokens, int trainSteps,
    int warmSteps, int dModel, int context, int batch, int maxN, int fgrams, long fgramMinCount,
    double feedDocsPerSecond, int requestsPerBatch, int generateTokens) {

  public DemoPlan {
    if (trainUntil >= streamUntil) {
      throw new IllegalArgumentException("trainUntil (" + trainUntil + ") must be before streamUntil (" + streamUntil + ")");
    }
    if (batches < 1 || batches > streamUntil - trainUntil) {
      throw new IllegalArgumentException("batches must be in [1, " + (streamUntil - trainUntil) + "], got " + batches);
    }
    if (feedDocsPerSecond <= 0) throw new IllegalArgumentException("feedDocsPerSecond must be > 0, got " + feedDocsPerSecond);
  }

  /** The short plan (times: README, "How long things take"): a d=64 model trained 120 steps of 16x64 on 1790-1809, 1810-1829 live in 2 batches. */
  public static DemoPlan quick() {
    return new DemoPlan("quick", 1810, 1830, 2, 3_000, 120, 30, 64, 64, 16, 4, 2_000, 3, 20, 2, 16);
  }

  /** The default plan (times: README, "How long things take"): a d=128 model trained 400 steps of 16x64 on 1790-1849, 1850-1909 live in 3 batches. */
  public static DemoPlan standard() {
    return new DemoPlan("default", 1850, 1910, 3, 6_000, 400, 60, 128, 64, 16, 4, 6_000, 5, 10, 3, 24);
  }

  /** The first year of live batch {@code i} (0-based); batch {@code batches} is {@code streamUntil}. */
  public int batchStart(int i) {
    return trainUntil + (int) ((long) (streamUntil - trainUntil) * i / batches);
  }

  /** The initial training run of the baseline ({@code baseline}) or SCONE model, publishing into {@code store}. */
  public TrainRunConfig trainRun(boolean baseline, Path store) {
    TrainingConfig t = training(trainSteps, 1e-3, 1);
    TrainRunConfig scone = TrainRunConfig.defaults("sotu-demo-" + name, store)
        .withTraining(t) // before the model: a config is checked as built (window <= context)
        .withModel(2, dModel, 4, 4 * dModel, context)
        .withFgrams(1, maxN, fgrams, fgramMinCount, null)
        .withDtype(EmbeddingDtype.FLOAT32);
    return baseline ? scone.withFgrams(0, maxN, 0, fgramMinCount, null) : scone;
  }

  /** The trainer's warm-start retrain: a third of the initial rate, its own sampling seed. */
  public TrainingConfig warmStart() {
    return training(warmSteps, 3e-4, 2);
  }

  private TrainingConfig training(int steps, double lr, long seed) {
    return TrainingConfig.builder().steps(steps).batch(batch, context).learningRate(lr).minLearningRate(lr / 10)
        .warmupSteps(Math.max(1, steps / 10)).evaluation(0, 2).checkpointEvery(0).seed(seed).build();
  }

  /** One line for the start of the run. */
  public String describe() {
    return String.format(Locale.ROOT, "%s plan: train on SOTU %d-%d (%d steps of %dx%d, d=%d, max_n %d, S=%,d),"
        + " stream %d-%d live in %d batches, held out: %,d tokens from %d on", name, 1790, trainUntil - 1,
        trainSteps, batch, context, dModel, maxN, fgrams, trainUntil, streamUntil - 1, batches, heldOutTokens,
        streamUntil);
  }
}
