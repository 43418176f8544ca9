package dev.scone.bench.scale;

import dev.scone.model.ModelConfig;

/**
 * The seeded random model the precompute benches run (every JVM of a drill builds it alike): width,
 * layers of the main and of the f-gram model, seed. Four heads, an MLP of 4d, 256 positions.
 */
public record RandomModelShape(int dModel, int layers, long seed) {
  /** The model over {@code vocabSize} tokens and f-grams up to {@code maxN}. */
  public ModelConfig config(int vocabSize, int maxN) {
    return new ModelConfig(layers, dModel, 4, 4 * dModel, 256, vocabSize, 0.0, maxN, layers, seed);
  }
}
