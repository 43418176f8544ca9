package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/** Layer normalisation over the last axis (width d), with learned scale and shift. */
final class Norm extends FixedShapeBlock {

  private final Shape normalized;
  private final Parameter gamma;
  private final Parameter beta;

  Norm(int width) {
    normalized = new Shape(width);
    gamma = parameter("gamma", Parameter.Type.GAMMA, width);
    beta = parameter("beta", Parameter.Type.BETA, width);
  }

  /** (..., d) -> (..., d). */
  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    return LayerNorm.layerNorm(
            x, normalized, value(ps, gamma, x, training), value(ps, beta, x, training),
            LAYER_NORM_EPS)
        .singletonOrThrow();
  }
}
