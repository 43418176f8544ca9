package dev.scone.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TinyCorpora;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import dev.scone.training.data.WindowBatch;
import org.junit.jupiter.api.Test;

class PerplexityTest {

  private static final TokenCorpus CORPUS = TinyCorpora.phrases(7, 3, 61);
  private static final ModelVocabulary VOCAB = ModelVocabulary.fromCounts(CORPUS, 1);
  private static final FgramVocabulary FGRAMS = TinyCorpora.fgrams(CORPUS, 6);

  private static LanguageModel model(boolean scone) {
    return LanguageModel.create(new ModelConfig(1, 16, 2, 32, 16, VOCAB.size(), 0.0,
        TinyCorpora.MAX_N, scone ? 1 : 0, 3), Device.cpu());
  }

  private static TokenStream stream(boolean scone) {
    return scone
        ? TokenStream.scone(CORPUS, VOCAB, FGRAMS, TinyCorpora.bruteForceRows(CORPUS, FGRAMS))
        : TokenStream.baseline(CORPUS, VOCAB);
  }

  /** The reference: window by window, one at a time, log-softmax in double. */
  private static double referenceNll(LanguageModel model, TokenStream stream, int window) {
    return referenceNll(model, stream, window, stream.size() - 1);
  }

  /** The reference over the first {@code scored} targets only. */
  private static double referenceNll(LanguageModel model, TokenStream stream, int window, int scored) {
    double total = 0;
    for (int start = 0; start < scored; start += window) {
      int time = Math.min(window, scored - start);
      WindowBatch batch = stream.batch(new int[] {start}, time);
      try (NDManager scope = model.djlModel().getNDManager().newSubManager()) {
        float[] logits = model.logits(batch.inputs(), scope).toFloatArray(); // (1, T, V)
        int v = stream.vocabSize();
        for (int j = 0; j < time; j++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < v; k++) max = Math.max(max, logits[j * v + k]);
          double sum = 0;
          for (int k = 0; k < v; k++) sum += Math.exp(logits[j * v + k] - max);
          total -= logits[j * v + (int) batch.targets()[j]] - max - Math.log(sum);
        }
      }
    }
    return total;
  }

  @Test
  void everyTargetIsScoredOnceAndMatchesTheReference() {
    for (boolean scone : new boolean[] {false, true}) {
      try (LanguageModel model = model(scone)) {
        TokenStream stream = stream(scone);
        PerplexityResult result = Perplexity.ofStream(model, stream, 16, 3);
        assertEquals(stream.size() - 1, result.targets());
        double reference = referenceNll(model, stream, 16);
        assertEquals(reference, result.totalNll(), Math.abs(reference) * 1e-5, "scone " + scone);
        assertEquals(Math.exp(reference / result.targets()), result.perplexity(), 1e-3);
      }
    }
  }

  @Test
  void batchingDoesNotChangeTheResult() {
    try (LanguageModel model = model(true)) {
      TokenStream stream = stream(true);
      PerplexityResult one = Perplexity.ofStream(model, stream, 8, 1);
      PerplexityResult many = Perplexity.ofStream(model, stream, 8, 7);
      assertEquals(one.targets(), many.targets());
      assertEquals(one.totalNll(), many.totalNll(), Math.abs(one.totalNll()) * 1e-5);
    }
  }

  @Test
  void aPrefixScoresExactlyItsFirstTargetsAsTheWholeStreamDoes() {
    try (LanguageModel model = model(true)) {
      TokenStream stream = stream(true);
      for (int maxTargets : new int[] {1, 16, 37, stream.size() - 1}) {
        PerplexityResult prefix = Perplexity.ofPrefix(model, stream, 16, 3, maxTargets);
        assertEquals(maxTargets, prefix.targets());
        double reference = referenceNll(model, stream, 16, maxTargets);
        assertEquals(reference, prefix.totalNll(), Math.abs(reference) * 1e-5, "first " + maxTargets);
      }
      PerplexityResult beyond = Perplexity.ofPrefix(model, stream, 16, 3, Integer.MAX_VALUE);
      assertEquals(Perplexity.ofStream(model, stream, 16, 3).totalNll(), beyond.totalNll(), 0.0);
      assertThrows(IllegalArgumentException.class, () -> Perplexity.ofPrefix(model, stream, 16, 3, 0));
    }
  }

  @Test
  void windowsLongerThanTheContextAreRefused() {
    try (LanguageModel model = model(false)) {
      assertThrows(IllegalArgumentException.class,
          () -> Perplexity.ofStream(model, stream(false), 17, 1));
    }
  }

  @Test
  void validationWindowsAreEvenlySpacedAndFit() {
    assertArrayEquals(new int[] {0, 41, 83}, ValidationWindows.evenlySpaced(100, 16, 3));
    assertArrayEquals(new int[] {0}, ValidationWindows.evenlySpaced(17, 16, 1));
    assertThrows(IllegalArgumentException.class, () -> ValidationWindows.evenlySpaced(16, 16, 1));
  }
}
