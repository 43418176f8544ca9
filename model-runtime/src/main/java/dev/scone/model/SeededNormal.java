package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Normal(0, std) initialisation drawn from a Java generator seeded per parameter, so a config's
 * seed fixes the initial parameters whatever the engine's global random state (DJL's own
 * initialisers draw from the engine's process-wide generator).
 */
final class SeededNormal implements Initializer {
  /** GPT-2's standard deviation for embeddings and weights. */
  static final double GPT2_STD = 0.02;

  private final double std;
  private final long seed;

  SeededNormal(double std, long modelSeed, String parameterPath) {
    this.std = std;
    // Mix the path into the seed so every parameter gets its own stream.
    long mixed = modelSeed ^ ((long) parameterPath.hashCode() << 32);
    this.seed = new SplittableRandom(mixed).nextLong();
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextGaussian() * std);
    return manager.create(values, shape).toType(dataType, false);
  }
}
