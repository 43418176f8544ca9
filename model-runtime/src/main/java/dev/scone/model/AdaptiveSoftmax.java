package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The adaptive softmax output layer (Grave et al. 2017): the vocabulary, ordered by training
 * frequency, is cut at {@code cutoffs} c_1 < ... < c_k into a head [0, c_1) and k tail clusters
 * [c_i, c_{i+1}) (the last ends at V). The head predicts its own tokens and one entry per tail
 * cluster; tail cluster i predicts its tokens from the hidden state projected to d / 4^i. So
 * log p(token in cluster i) = log p_head(cluster i) + log p_i(token), exact and normalised over
 * all V tokens, while the costly full-width product runs only over the head.
 *
 * <p>Tied to the input side: the head's token rows are the main model's head token rows, and tail
 * cluster i's output rows are its {@link AdaptiveInput} rows (width d / 4^i); the cluster entries
 * and the projections d -> d / 4^i are this block's own.
 *
 * <p>Training ({@link #meanNll}) computes each tail cluster only for the positions whose
 * target falls in it; inference ({@link #logProbs}) computes every cluster for every position,
 * which is still cheaper than d x V because the tails are narrow.
 */
final class AdaptiveSoftmax extends FixedShapeBlock {

  private final int vocabSize;
  private final int[] bounds; // 0, c_1, ..., c_k, V: cluster i (0 = head) is [bounds[i], bounds[i+1])
  private final Parameter clusterRows; // (k, d): the head's entry for each tail cluster
  private final List<Parameter> projections = new ArrayList<>(); // (d_i, d)
  private final AdaptiveInput input; // owns the tail rows

  AdaptiveSoftmax(ModelConfig config, AdaptiveInput input) {
    this.input = input;
    vocabSize = config.vocabSize();
    bounds = config.softmaxBounds();
    int d = config.dModel();
    clusterRows = parameter("clusters", Parameter.Type.WEIGHT, tails(), d);
    clusterRows.setInitializer(new SeededNormal(SeededNormal.GPT2_STD, config.seed(), "main/adaptive/clusters"));
    for (int i = 1; i <= tails(); i++) {
      int width = ModelConfig.tailWidth(d, i);
      Parameter p = parameter("proj" + i, Parameter.Type.WEIGHT, width, d);
      p.setInitializer(new SeededNormal(SeededNormal.GPT2_STD, config.seed(), "main/adaptive/proj" + i));
      projections.add(p);
    }
  }

  private int tails() {
    return bounds.length - 2;
  }

  /** (..., d) hidden states -> (..., V) log-probabilities over the whole vocabulary. */
  NDArray logProbs(ParameterStore ps, NDArray hidden, NDArray headRows, boolean training) {
    NDArray head = headLogProbs(ps, hidden, headRows, training); // (..., c_1 + k)
    NDList parts = new NDList(head.get(new NDIndex("..., 0:" + bounds[1])));
    for (int i = 1; i <= tails(); i++) {
      NDArray cluster = head.get(new NDIndex("..., " + (bounds[1] + i - 1) + ":" + (bounds[1] + i)));
      parts.add(tailLogProbs(ps, hidden, i, training).add(cluster)); // broadcast over the cluster
    }
    return NDArrays.concat(parts, -1);
  }

  /**
   * The mean over the N positions of hidden (N, d) of -log p(target), a scalar; differentiable.
   *
   * @param targets N model ids in [0, V)
   */
  NDArray meanNll(ParameterStore ps, NDArray hidden, NDArray headRows, long[] targets,
      boolean training) {
    NDManager m = hidden.getManager();
    Routed routed = route(targets);
    NDArray head = headLogProbs(ps, hidden, headRows, training); // (N, c_1 + k)
    NDList picked = new NDList(pick(head, routed.headTargets()));
    for (int i = 1; i <= tails(); i++) {
      if (routed.rows(i).length == 0) continue; // a tail no target falls in costs nothing
      picked.add(tailPicked(ps, hidden, routed, i, training));
    }
    // Each target's log p is its head term plus, in a tail, its within-cluster term.
    return NDArrays.concat(picked).sum().mul(m.full(new Shape(), -1f / targets.length));
  }

  /**
   * log p(target) at each of the N positions of hidden (N, d), for inference: the head for every
   * position, a tail only for the positions whose target is in it.
   */
  float[] targetLogProbs(ParameterStore ps, NDArray hidden, NDArray headRows, long[] targets) {
    Routed routed = route(targets);
    float[] out = pick(headLogProbs(ps, hidden, headRows, false), routed.headTargets()).toFloatArray();
    for (int i = 1; i <= tails(); i++) {
      long[] rows = routed.rows(i);
      if (rows.length == 0) continue;
      float[] inTail = tailPicked(ps, hidden, routed, i, false).toFloatArray();
      for (int j = 0; j < rows.length; j++) out[(int) rows[j]] += inTail[j];
    }
    return out;
  }

  /** Each target's entry in the head, and per tail the rows whose target is in it. */
  private record Routed(long[] headTargets, long[][] rowsOfTail, long[][] withinTail) {
    long[] rows(int tail) {
      return rowsOfTail[tail];
    }
  }

  private Routed route(long[] targets) {
    int n = targets.length;
    long[] headTargets = new long[n];
    int[] sizes = new int[tails() + 1];
    int[] clusters = new int[n];
    for (int r = 0; r < n; r++) {
      clusters[r] = clusterOf(targets[r]);
      headTargets[r] = clusters[r] == 0 ? targets[r] : bounds[1] + clusters[r] - 1;
      sizes[clusters[r]]++;
    }
    long[][] rows = new long[tails() + 1][];
    long[][] within = new long[tails() + 1][];
    for (int i = 0; i <= tails(); i++) {
      rows[i] = new long[sizes[i]];
      within[i] = new long[sizes[i]];
    }
    int[] filled = new int[tails() + 1];
    for (int r = 0; r < n; r++) {
      int c = clusters[r];
      rows[c][filled[c]] = r;
      within[c][filled[c]++] = targets[r] - bounds[c];
    }
    return new Routed(headTargets, rows, within);
  }

  /** log p_i(target) within tail i for the rows routed to it, (n_i). */
  private NDArray tailPicked(ParameterStore ps, NDArray hidden, Routed routed, int i,
      boolean training) {
    NDManager m = hidden.getManager();
    // A row gather that autograd follows back into hidden: embedding with hidden as the table.
    NDArray selected = Embedding.embedding(m.create(routed.rows(i)), hidden, SparseFormat.DENSE)
        .singletonOrThrow(); // (n_i, d)
    return pick(tailLogProbs(ps, selected, i, training), routed.withinTail()[i]);
  }

  /** (n, C) log-probs and n column indices -> (n). */
  private static NDArray pick(NDArray logProbs, long[] columns) {
    NDManager m = logProbs.getManager();
    return logProbs.gather(m.create(columns).reshape(columns.length, 1), 1).reshape(columns.length);
  }

  private int clusterOf(long token) {
    if (token < 0 || token >= vocabSize) {
      throw new IllegalArgumentException("target " + token + " is outside [0, " + vocabSize + ")");
    }
    int c = 0;
    while (token >= bounds[c + 1]) c++;
    return c;
  }

  /** (..., d) -> (..., c_1 + k): log-softmax over the head's tokens and the cluster entries. */
  private NDArray headLogProbs(ParameterStore ps, NDArray hidden, NDArray headRows,
      boolean training) {
    NDArray tokens = Linear.linear(hidden, headRows).singletonOrThrow(); // (..., c_1)
    NDArray clusters = Linear.linear(hidden, value(ps, clusterRows, hidden, training))
        .singletonOrThrow(); // (..., k)
    return NDArrays.concat(new NDList(tokens, clusters), -1).logSoftmax(-1);
  }

  /** (..., d) -> (..., size_i): log-softmax within tail cluster i (1-based). */
  private NDArray tailLogProbs(ParameterStore ps, NDArray hidden, int i, boolean training) {
    NDArray projected = Linear.linear(hidden, value(ps, projections.get(i - 1), hidden, training))
        .singletonOrThrow(); // (..., d_i)
    return Linear.linear(projected, input.tailRows(ps, i, hidden, training))
        .singletonOrThrow().logSoftmax(-1);
  }

  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    throw new UnsupportedOperationException("call logProbs with the token embedding");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {x.slice(0, x.dimension() - 1).add(vocabSize)};
  }
}
