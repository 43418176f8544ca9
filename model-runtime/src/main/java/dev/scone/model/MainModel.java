package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The main language model: token embedding E (V, d), a transformer stack over contextLength
 * positions, and an output layer tied to E: a full softmax (logits = h E^T), or an adaptive
 * softmax whose head rows are E's first rows ({@link AdaptiveSoftmax}). E is also the f-gram
 * model's input embedding: it is the one token-embedding parameter of the whole system.
 */
final class MainModel extends FixedShapeBlock {

  private final Parameter tokenEmbedding;
  private final TransformerStack stack;
  private final AdaptiveSoftmax adaptive; // null: the full softmax

  MainModel(ModelConfig config) {
    tokenEmbedding =
        parameter("tokens", Parameter.Type.WEIGHT, config.vocabSize(), config.dModel());
    tokenEmbedding.setInitializer(new SeededNormal(0.02, config.seed(), "main/tokens"));
    stack = addChildBlock(
        "stack", new TransformerStack(config, config.layers(), config.contextLength(), "main"));
    // Added only when used, so a full-softmax model's parameter file is what it always was.
    adaptive = config.adaptiveSoftmax() ? addChildBlock("adaptive", new AdaptiveSoftmax(config)) : null;
  }

  /** E, (V, d), on {@code like}'s device. Call no op on it: pass it to ops on activations. */
  NDArray tokenEmbedding(ParameterStore ps, NDArray like, boolean training) {
    return value(ps, tokenEmbedding, like, training);
  }

  /** Token ids (B, T) INT64 -> their rows of E (B, T, d). */
  NDArray embed(ParameterStore ps, NDArray tokenIds, boolean training) {
    return Embedding.embedding(
            tokenIds, tokenEmbedding(ps, tokenIds, training), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /** (B, T, d) input vectors -> (B, T, d) final hidden states; see {@link TransformerStack}. */
  NDArray hidden(ParameterStore ps, NDArray inputs, int start, KvCache cache, boolean training) {
    return stack.forward(ps, inputs, start, cache, training);
  }

  /**
   * (B, T, d) hidden states -> (B, T, V) scores whose log-softmax is the model's next-token
   * distribution: the full softmax's logits h E^T, or the adaptive softmax's log-probabilities
   * (already normalised, so a log-softmax leaves them unchanged).
   */
  NDArray head(ParameterStore ps, NDArray hidden, boolean training) {
    NDArray e = tokenEmbedding(ps, hidden, training);
    if (adaptive != null) return adaptive.logProbs(ps, hidden, e, training);
    return Linear.linear(hidden, e).singletonOrThrow();
  }

  /**
   * (B, T, d) hidden states and their B*T next-token model ids (row-major) -> the mean of
   * -log p(target), a scalar. The adaptive softmax computes a tail only where a target is in it.
   */
  NDArray meanNll(ParameterStore ps, NDArray hidden, long[] targets, boolean training) {
    Shape shape = hidden.getShape();
    long positions = shape.get(0) * shape.get(1);
    if (positions != targets.length) {
      throw new IllegalArgumentException("hidden states " + shape + " hold " + positions
          + " positions but there are " + targets.length + " targets");
    }
    NDArray flat = hidden.reshape(positions, shape.get(2)); // (N, d)
    NDArray e = tokenEmbedding(ps, hidden, training);
    if (adaptive != null) return adaptive.meanNll(ps, flat, e, targets, training);
    NDManager m = hidden.getManager();
    NDArray logProbs = Linear.linear(flat, e).singletonOrThrow().logSoftmax(-1); // (N, V)
    NDArray picked = logProbs.gather(m.create(targets).reshape(positions, 1), 1); // (N, 1)
    return picked.mean().neg();
  }

  int layers() {
    return stack.layers();
  }

  /** (B, T, d) input vectors -> (B, T, d) activations before block k; see {@link TransformerStack#lower}. */
  NDArray lower(ParameterStore ps, NDArray inputs, int start, int k) {
    return stack.lower(ps, inputs, start, k);
  }

  /** (B, T, d) activations before block k -> (B, T, V) logits: blocks [k, L), final norm, head. */
  NDArray upperLogits(ParameterStore ps, NDArray activations, int k) {
    return head(ps, stack.upper(ps, activations, k), false);
  }

  /** E, then the position embedding and blocks [0, k): the input side a split at k reads. */
  List<Parameter> lowerParameters(int k) {
    List<Parameter> out = new ArrayList<>();
    out.add(tokenEmbedding);
    out.addAll(stack.lowerParameters(k));
    return out;
  }

  /** (B, T, d) input vectors from position 0 -> (B, T, V) logits. */
  @Override
  NDArray forward(ParameterStore ps, NDArray inputs, boolean training) {
    return head(ps, hidden(ps, inputs, 0, null, training), training);
  }

  /** (B, T, d) -> (B, T, V). */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), x.get(1), tokenEmbedding.getShape().get(0))};
  }
}
