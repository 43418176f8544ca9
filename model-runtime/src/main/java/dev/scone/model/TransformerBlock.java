package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** One pre-LayerNorm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)). */
final class TransformerBlock extends FixedShapeBlock {

  private final Norm ln1;
  private final CausalSelfAttention attention;
  private final Norm ln2;
  private final Mlp mlp;

  TransformerBlock(ModelConfig config) {
    ln1 = addChildBlock("ln1", new Norm(config.dModel()));
    attention = addChildBlock("attn", new CausalSelfAttention(config));
    ln2 = addChildBlock("ln2", new Norm(config.dModel()));
    mlp = addChildBlock("mlp", new Mlp(config));
  }

  /** (B, T, d) -> (B, T, d); mask and cache as in {@link CausalSelfAttention}. */
  NDArray forward(
      ParameterStore ps, NDArray x, NDArray mask, KvCache cache, int layer, boolean training) {
    NDArray normed = ln1.forward(ps, x, training);
    NDArray h = x.add(attention.forward(ps, normed, mask, cache, layer, training));
    return h.add(mlp.forward(ps, ln2.forward(ps, h, training), training));
  }

  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    int time = Math.toIntExact(x.getShape().get(1));
    return forward(ps, x, CausalMask.of(x.getManager(), time, 0), null, 0, training);
  }
}
