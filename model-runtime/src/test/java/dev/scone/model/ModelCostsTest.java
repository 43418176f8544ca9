package dev.scone.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class ModelCostsTest {

  /** GPT-2 small: 12 layers, d 768, 12 heads, MLP 3072, 1024 positions, V 50257. */
  private static final ModelConfig GPT2_SMALL = ModelConfig.gpt(12, 768, 12, 1024, 50257);

  @Test
  void gpt2SmallHasItsPublishedParameterCount() {
    // 124,439,808 with the output head tied to the token embedding (as GPT-2 and nanoGPT).
    assertEquals(124_439_808L, new ModelCosts(GPT2_SMALL).mainParameters());
  }

  @Test
  void gpt2SmallFlopsByHand() {
    long d = 768;
    long matmulWeights = 12 * (4 * d * d + 2 * d * 3072); // per token, excluding embeddings
    long expected = 2 * matmulWeights + 4 * 12 * 1024 * d + 2 * d * 50257;
    assertEquals(expected, new ModelCosts(GPT2_SMALL).inferenceFlopsPerToken(1024));
  }

  @Test
  void parameterCountsMatchTheBuiltBlocks() {
    ModelConfig config = TinyModels.scone();
    ModelCosts costs = new ModelCosts(config);
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      SconeNetwork network = (SconeNetwork) model.djlModel().getBlock();
      assertEquals(costs.mainParameters(), size(network.main()));
      assertEquals(costs.fgramModelParameters(), size(network.fgram()));
    }
    assertEquals(0, new ModelCosts(config.withFgramLayers(0)).fgramModelParameters());
    assertEquals((TinyModels.V + 1000L) * TinyModels.D, costs.tableFloats(1000));
  }

  @Test
  void flopsCountTwicePerWeightOfEveryMatmulPlusAttention() {
    ModelConfig config = TinyModels.scone();
    int attended = 17;
    try (LanguageModel model = LanguageModel.create(config, Device.cpu())) {
      MainModel main = ((SconeNetwork) model.djlModel().getBlock()).main();
      long matmulWeights = 0; // every Dense weight is used once per token
      for (Pair<String, Parameter> p : main.getParameters()) {
        if (p.getKey().endsWith("_weight")) matmulWeights += p.getValue().getShape().size();
      }
      long head = (long) config.vocabSize() * config.dModel(); // E, used as the tied head
      long attention = 2L * 2 * attended * config.dModel() * config.layers(); // q.k and weights.v
      assertEquals(2 * (matmulWeights + head) + attention,
          model.costs().inferenceFlopsPerToken(attended));
    }
  }

  @Test
  void sconeInferenceCostsExactlyTheBaselinesFlops() {
    ModelConfig scone = GPT2_SMALL.withFgramLayers(6);
    ModelConfig baseline = GPT2_SMALL.withFgramLayers(0);
    for (int attended : new int[] {1, 512, 1024}) {
      assertEquals(new ModelCosts(baseline).inferenceFlopsPerToken(attended),
          new ModelCosts(scone).inferenceFlopsPerToken(attended));
    }
    assertEquals(new ModelCosts(baseline).mainParameters(), new ModelCosts(scone).mainParameters());
    assertTrue(new ModelCosts(scone).fgramModelParameters() > 0);
  }

  @Test
  void windowAverageIsTheMeanOverPositions() {
    ModelCosts costs = new ModelCosts(TinyModels.scone());
    double expected = (costs.inferenceFlopsPerToken(1) + costs.inferenceFlopsPerToken(2)
        + costs.inferenceFlopsPerToken(3)) / 3.0;
    assertEquals(expected, costs.inferenceFlopsPerTokenOverWindow(3), 1e-6);
  }

  private static long size(Block block) {
    long total = 0;
    for (Parameter p : block.getParameters().values()) total += p.getArray().size();
    return total;
  }
}
