package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;

/**
 * The f-gram model: the main model's block type (its own fgramLayers blocks, its own position
 * embeddings for 0..maxN-1, its own final LayerNorm) and NO token embedding of its own. An
 * f-gram's vector is the stack's output at its last position, with the shared rows of E of its
 * tokens as input.
 *
 * <p>Batches of f-grams of different lengths are padded at the end: causal attention keeps the
 * output at position k-1 independent of anything after it, so padding changes nothing.
 */
final class FgramModel extends FixedShapeBlock {

  private final TransformerStack stack;

  FgramModel(ModelConfig config) {
    stack = addChildBlock(
        "stack", new TransformerStack(config, config.fgramLayers(), config.maxN(), "fgram"));
  }

  /**
   * U f-grams -> their vectors (U, d).
   *
   * @param x (U, K, d) the main model's token vectors of f-gram u's tokens at [u, 0..k_u),
   *     padding (any valid token's vector) after
   * @param last (U) INT64, k_u - 1, the index of each f-gram's last token
   */
  NDArray encode(ParameterStore ps, NDArray x, NDArray last, boolean training) {
    long count = x.getShape().get(0);
    long width = x.getShape().get(1);
    NDArray h = stack.forward(ps, x, 0, null, training); // (U, K, d)
    NDArray flat = h.reshape(count * width, -1); // (U*K, d)
    NDManager manager = last.getManager();
    NDArray rowOfLast = manager.arange(0, Math.toIntExact(count * width), Math.toIntExact(width),
        DataType.INT64).add(last); // (U): u*K + k_u - 1
    return Embedding.embedding(rowOfLast, flat, SparseFormat.DENSE).singletonOrThrow(); // (U, d)
  }

  /** (U, k, d) input vectors of U f-grams of one length k -> (U, d), the outputs at k - 1. */
  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    return stack.forward(ps, x, 0, null, training).get(":, -1, :");
  }

  /** (U, k, d) -> (U, d). */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), x.get(2))};
  }
}
