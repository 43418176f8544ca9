package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/** The position-wise feed-forward part of a block: d -> mlpHidden -> d with GELU between. */
final class Mlp extends FixedShapeBlock {

  private final float dropout;
  private final Dense fc;
  private final Dense proj;

  Mlp(ModelConfig config) {
    dropout = (float) config.dropout();
    fc = addChildBlock("fc", new Dense(config.dModel(), config.mlpHidden()));
    proj = addChildBlock("proj", new Dense(config.mlpHidden(), config.dModel()));
  }

  /** (B, T, d) -> (B, T, h) -> (B, T, d). */
  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    NDArray hidden = Activation.gelu(fc.forward(ps, x, training)); // (B, T, h)
    return dropout(proj.forward(ps, hidden, training), dropout, training);
  }
}
