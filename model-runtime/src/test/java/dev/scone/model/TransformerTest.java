package dev.scone.model;

import static dev.scone.model.TinyModels.D;
import static dev.scone.model.TinyModels.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The architecture's promises: causality, padding invariance, seeding, gradients, memory. */
class TransformerTest {

  @Test
  void changingOneTokenChangesLogitsOnlyFromItsPositionOn() {
    int t = 5;
    int time = 12;
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      long[] tokens = new long[time];
      Random random = new Random(3);
      for (int i = 0; i < time; i++) tokens[i] = random.nextInt(V);
      float[] before = logitsOf(model, manager, tokens);
      tokens[t] = (tokens[t] + 1) % V;
      float[] after = logitsOf(model, manager, tokens);
      for (int i = 0; i < time; i++) {
        float diff = TinyModels.maxAbsDiff(
            Arrays.copyOfRange(before, i * V, (i + 1) * V), Arrays.copyOfRange(after, i * V, (i + 1) * V));
        if (i < t) assertTrue(diff < 1e-6, "position " + i + " < " + t + " changed by " + diff);
        else assertTrue(diff > 1e-4, "position " + i + " >= " + t + " did not change: " + diff);
      }
    }
  }

  private static float[] logitsOf(LanguageModel model, NDManager manager, long[] tokens) {
    NDArray ids = manager.create(tokens, new Shape(1, tokens.length));
    return model.logits(model.tokenInputs(ids), 0).toFloatArray();
  }

  @Test
  void paddingAfterAnFgramDoesNotChangeItsVector() {
    List<int[]> fgrams =
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}, new int[] {6, 7, 8, 9}, new int[] {9, 8});
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      SconeNetwork network = (SconeNetwork) model.djlModel().getBlock();
      ParameterStore ps = new ParameterStore(manager, false);
      for (int pad : new int[] {0, 42}) {
        // All four in one batch, padded to maxN with `pad`, vs each alone with no padding.
        long[] padded = new long[fgrams.size() * TinyModels.MAX_N];
        Arrays.fill(padded, pad);
        long[] last = new long[fgrams.size()];
        for (int u = 0; u < fgrams.size(); u++) {
          for (int j = 0; j < fgrams.get(u).length; j++) padded[u * TinyModels.MAX_N + j] = fgrams.get(u)[j];
          last[u] = fgrams.get(u).length - 1;
        }
        float[] batched = encode(network, ps, manager,
            manager.create(padded, new Shape(fgrams.size(), TinyModels.MAX_N)), manager.create(last));
        for (int u = 0; u < fgrams.size(); u++) {
          NDList alone = FgramArrays.padded(List.of(fgrams.get(u)), manager);
          float[] single = encode(network, ps, manager, alone.get(0), alone.get(1));
          float diff = TinyModels.maxAbsDiff(single, Arrays.copyOfRange(batched, u * D, (u + 1) * D));
          assertTrue(diff < 1e-5, "f-gram " + u + " with padding " + pad + " differs by " + diff);
          // Reference: the stack's output at the last of exactly k positions.
          NDArray rowsOfE = network.main().embed(ps, alone.get(0), false); // (1, k, d)
          float[] reference = network.fgram().forward(ps, rowsOfE, false).toFloatArray();
          assertTrue(TinyModels.maxAbsDiff(reference, single) < 1e-6, "f-gram " + u);
        }
      }
      NDArray lastIsOne = manager.create(new long[] {1});
      float[] ab = encode(network, ps, manager, manager.create(new long[][] {{1, 2}}), lastIsOne);
      float[] ba = encode(network, ps, manager, manager.create(new long[][] {{2, 1}}), lastIsOne);
      assertTrue(TinyModels.maxAbsDiff(ab, ba) > 1e-3, "the f-gram model must see token order");
    }
  }

  private static float[] encode(SconeNetwork network, ParameterStore ps, NDManager manager,
      NDArray tokens, NDArray last) {
    NDArray x = network.main().embed(ps, tokens, false);
    return network.fgram().encode(ps, x, last, false).toFloatArray();
  }

  @Test
  void sameSeedGivesTheSameParametersAndAnotherSeedDoesNot() {
    ModelConfig config = TinyModels.scone();
    try (LanguageModel a = LanguageModel.create(config, Device.cpu());
        LanguageModel b = LanguageModel.create(config, Device.cpu());
        LanguageModel c = LanguageModel.create(config.withSeed(8), Device.cpu())) {
      List<int[]> fgrams = List.of(new int[] {1, 2, 3});
      assertArrayEquals(a.tokenRows(), b.tokenRows());
      assertArrayEquals(a.fgramRows(fgrams, 1), b.fgramRows(fgrams, 1));
      assertFalse(Arrays.equals(a.tokenRows(), c.tokenRows()));
      assertFalse(Arrays.equals(a.fgramRows(fgrams, 1), c.fgramRows(fgrams, 1)));
    }
  }

  @Test
  void trainingPathSendsGradientsToBothModelsOnlyWhenFgramsAreRead() {
    Random random = new Random(5);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 4);
    int[] tokens = TinyModels.randomTokens(random, 2 * 6);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    assertTrue(gradientNorm(SconeBatch.of(tokens, rows, 2, 6, V, TinyModels.MAX_N, fgrams::get), "fgram") > 0);
    assertTrue(gradientNorm(SconeBatch.of(tokens, rows, 2, 6, V, TinyModels.MAX_N, fgrams::get), "main") > 0);
    assertEquals(0.0, gradientNorm(SconeBatch.tokensOnly(tokens, 2, 6, V), "fgram"));
  }

  /** Sum of |gradient| over the parameters whose path contains {@code part}, after one backward. */
  private static double gradientNorm(SconeBatch batch, String part) {
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Random random = new Random(9);
      float[] weights = new float[batch.batch() * batch.time() * V];
      for (int i = 0; i < weights.length; i++) weights[i] = (float) random.nextGaussian();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDList logits = model.djlModel().getBlock()
            .forward(new ParameterStore(manager, false), batch.toNDList(manager), true);
        Shape shape = new Shape(batch.batch(), batch.time(), V);
        NDArray loss = logits.singletonOrThrow().mul(manager.create(weights, shape)).sum();
        collector.backward(loss);
      }
      double norm = 0;
      for (Pair<String, Parameter> p : model.djlModel().getBlock().getParameters()) {
        if (p.getKey().contains(part)) {
          norm += p.getValue().getArray().getGradient().abs().sum().getFloat();
        }
      }
      return norm;
    }
  }

  @Test
  void forwardCallsLeaveNoArraysInTheModelsManager() {
    Random random = new Random(6);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 5);
    int[] tokens = TinyModels.randomTokens(random, 8);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    SconeBatch batch = SconeBatch.of(tokens, rows, 1, 8, V, TinyModels.MAX_N, fgrams::get);
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      int before = model.djlModel().getNDManager().getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        try (NDManager request = manager.newSubManager()) {
          model.logits(model.sconeInputs(batch, request), 0);
          model.logits(batch, request);
          model.tokenRows();
          model.fgramRows(fgrams, 2);
          try (KvCache cache = model.newCache(request)) {
            model.logits(model.sconeInputs(batch, request), cache);
          }
        }
      }
      assertEquals(before, model.djlModel().getNDManager().getManagedArrays().size());
      assertEquals(0, manager.getManagedArrays().size(), "request managers free everything on close");
    }
  }

  @Test
  void concurrentForwardCallsAgreeWithASequentialOne() throws Exception {
    Random random = new Random(8);
    List<int[]> fgrams = TinyModels.randomFgrams(random, 5);
    int[] tokens = TinyModels.randomTokens(random, 2 * 7);
    int[] rows = TinyModels.randomRows(random, tokens, fgrams.size(), 0.5);
    SconeBatch batch = SconeBatch.of(tokens, rows, 2, 7, V, TinyModels.MAX_N, fgrams::get);
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      float[] expected = model.logits(batch, manager).toFloatArray();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          results.add(pool.submit(() -> {
            try (NDManager own = NDManager.newBaseManager(Device.cpu())) {
              return model.logits(batch, own).toFloatArray();
            }
          }));
        }
        for (Future<float[]> result : results) assertArrayEquals(expected, result.get());
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void positionsBeyondTheContextAreRejected() {
    try (LanguageModel model = LanguageModel.create(TinyModels.scone(), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray inputs = manager.zeros(new Shape(1, 4, D));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.logits(inputs, 21));
      assertEquals("positions 21..24 are outside the 24 this stack has embeddings for", e.getMessage());
      assertEquals(new Shape(1, 4, V), model.logits(inputs, 20).getShape());
    }
  }
}
