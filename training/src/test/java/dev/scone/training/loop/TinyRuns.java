package dev.scone.training.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TinyCorpora;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import java.util.ArrayList;
import java.util.List;

/** Tiny models and streams for training tests: real classes, milliseconds per step. */
final class TinyRuns {

  static final TokenCorpus TRAIN = TinyCorpora.phrases(1, 6, 400);
  static final TokenCorpus HELD_OUT = TinyCorpora.phrases(2, 2, 200);
  static final ModelVocabulary VOCAB = ModelVocabulary.fromCounts(TRAIN, 1);
  static final FgramVocabulary FGRAMS = TinyCorpora.fgrams(TRAIN, 8);

  private TinyRuns() {}

  static TokenStream stream(TokenCorpus corpus, boolean scone) {
    return scone
        ? TokenStream.scone(corpus, VOCAB, FGRAMS)
        : TokenStream.baseline(corpus, VOCAB);
  }

  /** 1 layer, d=16, 2 heads, context 16, the compacted vocabulary; SCONE adds a 1-layer f-gram model. */
  static ModelConfig model(boolean scone, double dropout) {
    return new ModelConfig(1, 16, 2, 32, 16, VOCAB.size(), dropout, TinyCorpora.MAX_N,
        scone ? 1 : 0, 5);
  }

  static LanguageModel create(boolean scone, double dropout) {
    return LanguageModel.create(model(scone, dropout), Device.cpu());
  }

  /**
   * B=4, T=16, lr 1e-2 decaying to 1e-3 after 4 warm-up steps, validation every 10 steps, one
   * PyTorch thread (ops this small are all overhead; on a shared 2-core machine PyTorch's
   * multi-threaded pool made steps 10x slower).
   */
  static TrainingConfig training(int steps) {
    return TrainingConfig.defaults().withSteps(steps).withBatch(4, 16)
        .withLearningRate(1e-2, 1e-3, 4).withEvaluation(10, 2).withCheckpointEvery(0)
        .withSeed(42).withThreads(1);
  }

  static List<float[]> parameters(LanguageModel model) {
    List<float[]> out = new ArrayList<>();
    for (NDArray a : new ModelParameters(model).arrays()) out.add(a.toFloatArray());
    return out;
  }

  static float maxAbsDiff(List<float[]> a, List<float[]> b) {
    float max = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).length; j++) {
        max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
      }
    }
    return max;
  }
}
