package dev.scone.bench.train;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * Training throughput of the full-vocabulary model (every tokenizer id, an adaptive softmax)
 * against the compacted-vocabulary model it replaced (tokens seen {@code compactMinCount} times
 * plus UNK, a full softmax over them), side by side: same architecture, same training tokens, one
 * step each in turn. Optionally a third model, the full vocabulary through a plain full softmax,
 * shows what the adaptive softmax saves. Baseline models (no f-gram model): the f-gram model adds
 * the same cost to every variant, so leaving it out gives the output layer its largest share.
 */
public final class VocabularyThroughputBench {

  /**
   * @param layers main-model blocks
   * @param dModel width d
   * @param heads attention heads
   * @param seqLen T (also the model's context)
   * @param batchSize B
   * @param steps timed steps per model
   * @param warmupSteps untimed steps per model before them
   * @param compactMinCount the compacted vocabulary's minimum count (50 in the old experiments)
   * @param cutoffs the adaptive softmax's cluster bounds
   * @param withFullSoftmax also time the full vocabulary through a full softmax
   */
  public record Setup(int layers, int dModel, int heads, int seqLen, int batchSize, int steps,
      int warmupSteps, int compactMinCount, List<Integer> cutoffs, boolean withFullSoftmax) {

    public Setup {
      cutoffs = List.copyOf(cutoffs);
    }
  }

  private VocabularyThroughputBench() {}

  public static BenchResult run(TokenCorpus train, Setup setup) {
    ModelVocabulary compact = ModelVocabulary.fromCounts(train, setup.compactMinCount());
    ModelVocabulary full = ModelVocabulary.fromCounts(train, 0);
    ModelConfig base = new ModelConfig(setup.layers(), setup.dModel(), setup.heads(),
        4 * setup.dModel(), setup.seqLen(), compact.size(), 0.0, 5, 0, 1);
    ModelConfig adaptive = base.withVocabSize(full.size()).withSoftmaxCutoffs(setup.cutoffs());
    TrainingConfig config = TrainingConfig.defaults()
        .withSteps(setup.warmupSteps() + setup.steps()).withBatch(setup.batchSize(), setup.seqLen());
    List<LanguageModel> models = new ArrayList<>();
    List<TrainingLoop> loops = new ArrayList<>();
    try {
      add(models, loops, adaptive, config, TokenStream.baseline(train, full));
      add(models, loops, base, config, TokenStream.baseline(train, compact));
      if (setup.withFullSoftmax()) {
        add(models, loops, base.withVocabSize(full.size()), config, TokenStream.baseline(train, full));
      }
      List<InterleavedSteps.Timed> timed = InterleavedSteps.run(loops, setup.warmupSteps(), setup.steps());
      return result(setup, compact, full, train, timed);
    } finally {
      loops.forEach(TrainingLoop::close);
      models.forEach(LanguageModel::close);
    }
  }

  private static void add(List<LanguageModel> models, List<TrainingLoop> loops, ModelConfig config,
      TrainingConfig training, TokenStream stream) {
    LanguageModel model = LanguageModel.create(config, Devices.preferred());
    models.add(model);
    loops.add(new TrainingLoop(model, training, stream, null));
  }

  private static BenchResult result(Setup setup, ModelVocabulary compact, ModelVocabulary full,
      TokenCorpus train, List<InterleavedSteps.Timed> timed) {
    double tokensPerStep = (double) setup.batchSize() * setup.seqLen();
    InterleavedSteps.Timed adaptive = timed.get(0);
    InterleavedSteps.Timed compacted = timed.get(1);
    List<BenchResult.Figure> figures = new ArrayList<>();
    figures.add(new BenchResult.Figure("full_vocab_size", full.size(), "ids"));
    figures.add(new BenchResult.Figure("compact_vocab_size", compact.size(), "ids"));
    figures.add(new BenchResult.Figure("head_target_share", headShare(train, full, setup.cutoffs().get(0)), "fraction"));
    figures.add(new BenchResult.Figure("adaptive_step_median", adaptive.median(), "s"));
    figures.add(new BenchResult.Figure("compact_step_median", compacted.median(), "s"));
    figures.add(new BenchResult.Figure("adaptive_final_loss", adaptive.report().finalTrainLoss(), "nats"));
    figures.add(new BenchResult.Figure("compact_final_loss", compacted.report().finalTrainLoss(), "nats"));
    if (timed.size() > 2) {
      InterleavedSteps.Timed fullSoftmax = timed.get(2);
      figures.add(new BenchResult.Figure("full_softmax_tokens_per_s", tokensPerStep / fullSoftmax.median(), "tokens/s"));
      figures.add(new BenchResult.Figure("full_softmax_step_median", fullSoftmax.median(), "s"));
    }
    figures.add(new BenchResult.Figure("timed_steps", setup.steps(), "steps"));
    return new BenchResult("train", tokensPerStep / adaptive.median(), "tokens/s",
        "compacted vocabulary (min count " + setup.compactMinCount() + ", full softmax)",
        tokensPerStep / compacted.median(), figures);
  }

  /** The share of training tokens whose model id falls in the adaptive softmax's head. */
  private static double headShare(TokenCorpus train, ModelVocabulary full, int headSize) {
    long inHead = 0;
    int[] tokens = train.tokens();
    for (int t : tokens) if (full.toModel(t) < headSize) inHead++;
    return (double) inHead / tokens.length;
  }
}
