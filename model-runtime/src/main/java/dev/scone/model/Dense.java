package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/** An affine map x W^T + b, W (out, in), b (out). */
final class Dense extends FixedShapeBlock {

  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  Dense(int in, int out) {
    this.out = out;
    weight = parameter("weight", Parameter.Type.WEIGHT, out, in);
    bias = parameter("bias", Parameter.Type.BIAS, out);
  }

  /** (..., in) -> (..., out). */
  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    return Linear.linear(x, value(ps, weight, x, training), value(ps, bias, x, training))
        .singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {x.slice(0, x.dimension() - 1).add(out)};
  }
}
