package dev.scone.model;

import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptiveSoftmaxTest {

  private static final int B = 2;
  private static final int T = 9;

  /** Head [0, 20), tails [20, 50) at d/4 and [50, 100) at d/16. */
  private static ModelConfig adaptive() {
    return TinyModels.scone().withSoftmaxCutoffs(List.of(20, 50));
  }

  @Test
  void logProbsAreNormalisedOverTheWholeVocabulary() {
    SconeBatch batch = SconeBatch.tokensOnly(TinyModels.randomTokens(new Random(3), B * T), B, T, V);
    try (LanguageModel model = LanguageModel.create(adaptive(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logProbs = model.logits(batch, manager); // (B, T, V)
      assertEquals(V, logProbs.getShape().get(2));
      float[] sums = logProbs.exp().sum(new int[] {2}).toFloatArray();
      for (float s : sums) assertEquals(1.0, s, 1e-5);
      // Already normalised: the log-softmax every consumer applies changes nothing.
      assertArrayEquals(logProbs.toFloatArray(), logProbs.logSoftmax(2).toFloatArray(), 1e-5f);
    }
  }

  @Test
  void trainingLossEqualsTheFullDistributionsNll() {
    Random random = new Random(5);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 6);
    int[] tokens = TinyModels.randomTokens(random, B * T);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    SconeBatch batch = SconeBatch.of(tokens, rows, B, T, V, TinyModels.MAX_N, fgrams::get);
    long[] targets = new long[B * T];
    for (int i = 0; i < targets.length; i++) targets[i] = (i * 37L + 3) % V; // every cluster
    for (ModelConfig config : List.of(adaptive(), TinyModels.scone())) {
      try (LanguageModel model = LanguageModel.create(config, Device.cpu());
          NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        float[] logProbs = model.logits(batch, manager).logSoftmax(2).toFloatArray();
        double expected = 0;
        for (int i = 0; i < targets.length; i++) expected -= logProbs[i * V + (int) targets[i]];
        expected /= targets.length;
        double loss = model.meanNll(batch, targets, manager, false).getFloat();
        assertEquals(expected, loss, 1e-5, config.softmaxCutoffs().toString());
      }
    }
  }

  @Test
  void scoringPicksTheFullDistributionAtTheTargets() {
    int[] tokens = TinyModels.randomTokens(new Random(6), B * T);
    SconeBatch batch = SconeBatch.tokensOnly(tokens, B, T, V);
    long[] targets = new long[B * T];
    for (int i = 0; i < targets.length; i++) targets[i] = (i * 53L + 11) % V;
    for (ModelConfig config : List.of(adaptive(), TinyModels.scone())) {
      try (LanguageModel model = LanguageModel.create(config, Device.cpu());
          NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        float[] full = model.logits(batch, manager).logSoftmax(2).toFloatArray();
        NDArray hidden = model.hidden(model.tokenInputs(manager.create(tokens, new ai.djl.ndarray.types.Shape(B, T))
            .toType(ai.djl.ndarray.types.DataType.INT64, false)), 0);
        float[] picked = model.targetLogProbs(hidden, targets);
        for (int i = 0; i < targets.length; i++) {
          assertEquals(full[i * V + (int) targets[i]], picked[i], 1e-5, config.softmaxCutoffs() + " position " + i);
        }
        float[] last = model.logitsOfHidden(hidden.get(1, T - 1).expandDims(0)).logSoftmax(-1).toFloatArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(full, (2 * T - 1) * V, 2 * T * V), last, 1e-5f);
      }
    }
  }

  @Test
  void onlyTheTailsWithTargetsGetGradients() {
    int[] headTokens = new int[B * T]; // inputs all in the head: the tails learn only as outputs
    for (int i = 0; i < headTokens.length; i++) headTokens[i] = i % 20;
    SconeBatch batch = SconeBatch.tokensOnly(headTokens, B, T, V);
    long[] targets = new long[B * T];
    for (int i = 0; i < targets.length; i++) targets[i] = i % 2 == 0 ? i : 20 + i; // head, tail 1
    try (LanguageModel model = LanguageModel.create(adaptive(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(model.meanNll(batch, targets, manager, true));
      }
      Map<String, Float> norms = new HashMap<>();
      for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
        String name = p.getKey().replaceAll("[0-9]+(?=[a-zA-Z])", ""); // drop DJL's order prefixes
        norms.put(name, p.getValue().getArray().getGradient().abs().sum().getFloat());
      }
      for (String trained : List.of("main_adaptive_clusters", "main_adaptive_proj1",
          "main_adaptiveInput_rows1", "main_tokens")) {
        assertTrue(norms.get(trained) > 0, trained + " got no gradient: " + norms);
      }
      for (String untouched : List.of("main_adaptive_proj2", "main_adaptiveInput_rows2",
          "main_adaptiveInput_proj1", "main_adaptiveInput_proj2")) {
        assertEquals(0f, norms.get(untouched), untouched + " has no target and no input: " + norms);
      }
    }
  }

  @Test
  void savedAndLoadedModelGivesTheSameDistribution(@TempDir Path dir) {
    SconeBatch batch = SconeBatch.tokensOnly(TinyModels.randomTokens(new Random(9), B * T), B, T, V);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] before;
      try (LanguageModel model = LanguageModel.create(adaptive(), Device.cpu())) {
        before = model.logits(batch, manager).toFloatArray();
        model.save(dir);
      }
      try (LanguageModel loaded = LanguageModel.load(dir, Device.cpu(), false)) {
        assertEquals(adaptive(), loaded.config());
        assertArrayEquals(before, loaded.logits(batch, manager).toFloatArray());
      }
    }
  }

  @Test
  void theHeadCostsLessThanTheFullSoftmax() {
    ModelConfig full = new ModelConfig(2, 128, 4, 512, 128, 50_257, 0.0, 5, 1, 1);
    ModelConfig adaptive = full.withSoftmaxCutoffs(List.of(4_096, 16_384));
    long fullHead = new ModelCosts(full).inferenceFlopsPerToken(1)
        - new ModelCosts(full.withVocabSize(1)).inferenceFlopsPerToken(1);
    long adaptiveHead = new ModelCosts(adaptive).inferenceFlopsPerToken(1)
        - new ModelCosts(full.withVocabSize(1)).inferenceFlopsPerToken(1);
    // 2 (d (4096 + 2) + d 32 + 32 x 12288 + d 8 + 8 x 33873), by hand.
    assertEquals(2L * (128 * 4_098 + 128 * 32 + 32 * 12_288 + 128 * 8 + 8 * 33_873) - 2 * 128,
        adaptiveHead);
    assertTrue(adaptiveHead * 5 < fullHead, adaptiveHead + " vs " + fullHead);
    long stack = new ModelCosts(full).mainParameters() - 50_257L * 128;
    // Head rows, tail rows, input and output projections, cluster entries.
    assertEquals(4_096L * 128 + 12_288L * 32 + 33_873L * 8 + 2 * (128 * 32 + 128 * 8) + 2 * 128,
        new ModelCosts(adaptive).mainParameters() - stack);
  }

  @Test
  void everyParameterIsCountedAndTailRowsAreSharedByInputAndOutput() {
    try (LanguageModel model = LanguageModel.create(adaptive(), Device.cpu())) {
      long count = 0;
      for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
        if (p.getKey().contains("main_")) count += p.getValue().getArray().size();
      }
      assertEquals(new ModelCosts(adaptive()).mainParameters(), count);
    }
  }

  @Test
  void tailTokensAreEmbeddedFromTheirNarrowRows() {
    // Token rows as a table would get them: tokens of one cluster differ, the head's are E's rows.
    try (LanguageModel model = LanguageModel.create(adaptive(), Device.cpu())) {
      float[] rows = model.tokenRows(); // (V, d)
      int d = TinyModels.D;
      for (int t : new int[] {0, 19, 20, 49, 50, 99}) {
        float norm = 0;
        for (int j = 0; j < d; j++) norm += rows[t * d + j] * rows[t * d + j];
        assertTrue(norm > 0, "token " + t + " has an all-zero row");
      }
      float diff = 0;
      for (int j = 0; j < d; j++) diff += Math.abs(rows[20 * d + j] - rows[21 * d + j]);
      assertTrue(diff > 0, "two tail tokens got the same row");
    }
  }
}
