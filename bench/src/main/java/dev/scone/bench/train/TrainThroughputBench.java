package dev.scone.bench.train;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.training.data.TokenStream;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.loop.TrainingReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput, SCONE against the baseline side by side: two models of one architecture
 * (the SCONE one with an f-gram model) train on the same token file, one step each in turn, so
 * a shared machine's load falls on both alike. The headline is SCONE's target tokens per second
 * of step time (median step), the baseline the baseline's. The first {@link Setup#warmupSteps}
 * steps of each are not timed.
 *
 * <p>Runs on the CPU unless the engine sees a GPU. Not thread-safe (PyTorch allows one gradient
 * recorder per process).
 */
public final class TrainThroughputBench {

  /**
   * What to measure.
   *
   * @param layers main-model blocks
   * @param dModel width d
   * @param heads attention heads
   * @param seqLen T (also the model's context)
   * @param batchSize B
   * @param steps timed steps per model
   * @param warmupSteps untimed steps per model before them
   * @param fgramLayers blocks of the SCONE model's f-gram model, >= 1
   * @param threads PyTorch intra-op threads, 0 to leave the setting
   */
  public record Setup(int layers, int dModel, int heads, int seqLen, int batchSize, int steps,
      int warmupSteps, int fgramLayers, int threads) {

    /** The lead's sizing point: d=128, 2 layers, 4 heads, T=128, B=16, 30 steps after 3. */
    public static Setup standard() {
      return new Setup(2, 128, 4, 128, 16, 30, 3, 1, 0);
    }
  }

  private TrainThroughputBench() {}

  /**
   * @param baseline the training stream without f-gram rows
   * @param scone the same tokens with f-gram rows ({@link TokenStream#scone})
   */
  public static BenchResult run(TokenStream baseline, TokenStream scone, int maxN, Setup setup) {
    ModelConfig base = new ModelConfig(setup.layers(), setup.dModel(), setup.heads(),
        4 * setup.dModel(), setup.seqLen(), baseline.vocabSize(), 0.0, maxN, 0, 1);
    int total = setup.warmupSteps() + setup.steps();
    TrainingConfig config = TrainingConfig.defaults().withSteps(total)
        .withBatch(setup.batchSize(), setup.seqLen()).withThreads(setup.threads());
    try (LanguageModel baseModel = LanguageModel.create(base, Devices.preferred());
        LanguageModel sconeModel = LanguageModel.create(
            base.withFgramLayers(setup.fgramLayers()), Devices.preferred());
        TrainingLoop baseLoop = new TrainingLoop(baseModel, config, baseline, null);
        TrainingLoop sconeLoop = new TrainingLoop(sconeModel, config, scone, null)) {
      List<InterleavedSteps.Timed> timed =
          InterleavedSteps.run(List.of(baseLoop, sconeLoop), setup.warmupSteps(), setup.steps());
      return result(setup, baseline, timed.get(0), timed.get(1));
    }
  }

  private static BenchResult result(Setup setup, TokenStream baseline, InterleavedSteps.Timed base,
      InterleavedSteps.Timed scone) {
    double tokensPerStep = (double) setup.batchSize() * setup.seqLen();
    List<BenchResult.Figure> figures = new ArrayList<>();
    figures.add(new BenchResult.Figure("model_vocab_size", baseline.vocabSize(), "ids"));
    figures.add(new BenchResult.Figure("baseline_step_median", base.median(), "s"));
    figures.add(new BenchResult.Figure("scone_step_median", scone.median(), "s"));
    figures.add(new BenchResult.Figure("baseline_mean_tokens_per_s", tokensPerStep / base.mean(), "tokens/s"));
    figures.add(new BenchResult.Figure("scone_mean_tokens_per_s", tokensPerStep / scone.mean(), "tokens/s"));
    figures.add(new BenchResult.Figure("baseline_final_loss", base.report().finalTrainLoss(), "nats"));
    figures.add(new BenchResult.Figure("scone_final_loss", scone.report().finalTrainLoss(), "nats"));
    figures.add(new BenchResult.Figure("timed_steps", setup.steps(), "steps"));
    return new BenchResult("train", tokensPerStep / scone.median(), "tokens/s", "baseline",
        tokensPerStep / base.median(), figures);
  }
}
