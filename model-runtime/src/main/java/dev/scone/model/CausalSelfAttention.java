package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Multi-head causal self-attention. Causality comes from an additive (T, past + T) mask of 0
 * and -inf built once per stack forward (DJL has no fused attention with a causal flag).
 */
final class CausalSelfAttention extends FixedShapeBlock {

  private final int width;
  private final int heads;
  private final int headSize;
  private final float dropout;
  private final Dense qkv;
  private final Dense proj;

  CausalSelfAttention(ModelConfig config) {
    width = config.dModel();
    heads = config.heads();
    headSize = config.headSize();
    dropout = (float) config.dropout();
    qkv = addChildBlock("qkv", new Dense(width, 3 * width));
    proj = addChildBlock("proj", new Dense(width, width));
  }

  /**
   * (B, T, d) -> (B, T, d).
   *
   * @param mask (T, past + T), 0 where query i may see key j, -inf elsewhere
   * @param cache null, or the keys and values of the {@code past} earlier positions; this call's
   *     keys and values are appended to it
   */
  NDArray forward(
      ParameterStore ps, NDArray x, NDArray mask, KvCache cache, int layer, boolean training) {
    long batch = x.getShape().get(0);
    long time = x.getShape().get(1);
    NDList parts = qkv.forward(ps, x, training).split(3, 2); // (B, T, 3d) -> 3 x (B, T, d)
    NDArray q = splitHeads(parts.get(0), batch, time); // (B, H, T, hs)
    NDArray keysT = splitHeads(parts.get(1), batch, time).transpose(0, 1, 3, 2); // (B, H, hs, T)
    NDArray values = splitHeads(parts.get(2), batch, time); // (B, H, T, hs)
    if (cache != null) {
      keysT = cache.appendKeys(layer, keysT); // (B, H, hs, past + T)
      values = cache.appendValues(layer, values); // (B, H, past + T, hs)
    }
    NDArray scores = q.mul(scale(q)).matMul(keysT).add(mask); // (B, H, T, past + T)
    NDArray weights = dropout(scores.softmax(-1), dropout, training);
    NDArray y = weights.matMul(values) // (B, H, T, hs)
        .transpose(0, 2, 1, 3) // (B, T, H, hs)
        .reshape(batch, time, width); // (B, T, d)
    return dropout(proj.forward(ps, y, training), dropout, training);
  }

  /**
   * 1/sqrt(hs) as a 0-d array in native memory, in {@code like}'s manager. Not {@code mul(float)}:
   * DJL wraps a Java number in an array over a Java direct buffer and drops that buffer as soon as
   * the op returns, while autograd keeps the array to compute the backward pass; once the garbage
   * collector freed the buffer, backward read whatever had replaced it, and the gradients of the
   * whole stack came out as inf or NaN (rarely, and more often the busier the JVM's heap).
   */
  private NDArray scale(NDArray like) {
    return like.getManager().full(new Shape(), (float) (1.0 / Math.sqrt(headSize)), like.getDataType());
  }

  /** (B, T, d) -> (B, H, T, hs). */
  private NDArray splitHeads(NDArray x, long batch, long time) {
    return x.reshape(batch, time, heads, headSize).transpose(0, 2, 1, 3);
  }

  /** Plain causal attention over the whole input, no cache. */
  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    int time = Math.toIntExact(x.getShape().get(1));
    return forward(ps, x, CausalMask.of(x.getManager(), time, 0), null, 0, training);
  }
}
