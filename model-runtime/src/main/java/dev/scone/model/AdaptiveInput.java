package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive input embeddings (Baevski and Auli 2019) for the tail clusters of an adaptive-softmax
 * vocabulary: a token of tail cluster i has a row of width d / 4^i, projected up to d. The head
 * tokens keep full-width rows (the main model's {@code tokens} parameter, then (c_1, d)).
 *
 * <p>Why: with the whole GPT-2 vocabulary a full-width E is 50,257 x d, and an optimizer step
 * reads and writes all of it (and its two AdamW moments) although a batch touches a few thousand
 * rows; measured, that update cost more than the forward and backward. Narrow tail rows cut E to
 * about a fifth. The tail rows double as the adaptive softmax's tail output rows (tied, as the
 * head rows are), so rare tokens share one representation in and out.
 */
final class AdaptiveInput extends FixedShapeBlock {

  private final int dModel;
  private final int[] bounds; // 0, c_1, ..., c_k, V
  private final List<Parameter> rows = new ArrayList<>(); // (c_{i+1} - c_i, d_i)
  private final List<Parameter> projections = new ArrayList<>(); // (d, d_i): x W^T lifts d_i -> d

  AdaptiveInput(ModelConfig config) {
    bounds = config.softmaxBounds();
    int d = config.dModel();
    dModel = d;
    for (int i = 1; i < bounds.length - 1; i++) {
      int width = ModelConfig.tailWidth(d, i);
      Parameter r = parameter("rows" + i, Parameter.Type.WEIGHT, bounds[i + 1] - bounds[i], width);
      r.setInitializer(new SeededNormal(SeededNormal.GPT2_STD, config.seed(), "main/adaptiveInput/rows" + i));
      rows.add(r);
      Parameter p = parameter("proj" + i, Parameter.Type.WEIGHT, d, width);
      // Scaled so a projected row has about the head rows' spread (std 0.02).
      p.setInitializer(new SeededNormal(1.0 / Math.sqrt(width), config.seed(),
          "main/adaptiveInput/proj" + i));
      projections.add(p);
    }
  }

  /** Tail cluster i's rows (1-based), (c_{i+1} - c_i, d_i): also its softmax output rows. */
  NDArray tailRows(ParameterStore ps, int i, NDArray like, boolean training) {
    return value(ps, rows.get(i - 1), like, training);
  }

  /**
   * Token ids (any shape, INT64, in [0, V)) -> their vectors (..., d): head ids from
   * {@code headRows} (c_1, d), tail ids from their narrow rows, projected.
   */
  NDArray embed(ParameterStore ps, NDArray ids, NDArray headRows, boolean training) {
    // Every cluster is looked up for every position (ids clamped into its range) and the right one
    // kept: a few narrow gathers and products, cheaper than splitting the batch by cluster.
    NDArray out = Embedding.embedding(ids.clip(0, bounds[1] - 1), headRows, SparseFormat.DENSE)
        .singletonOrThrow(); // (..., d)
    for (int i = 1; i < bounds.length - 1; i++) {
      NDArray local = ids.sub(bounds[i]).clip(0, bounds[i + 1] - bounds[i] - 1);
      NDArray narrow = Embedding.embedding(local, tailRows(ps, i, ids, training), SparseFormat.DENSE)
          .singletonOrThrow(); // (..., d_i)
      NDArray lifted = Linear.linear(narrow, value(ps, projections.get(i - 1), ids, training))
          .singletonOrThrow(); // (..., d)
      NDArray inCluster = ids.gte(bounds[i]).logicalAnd(ids.lt(bounds[i + 1]))
          .expandDims(-1).broadcast(out.getShape());
      out = NDArrays.where(inCluster, lifted, out);
    }
    return out;
  }

  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    throw new UnsupportedOperationException("call embed with the head rows");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(dModel)};
  }
}
