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
 * The main language model: a token embedding, a transformer stack over contextLength positions,
 * and an output layer tied to the embedding. Either E (V, d) with a full softmax (logits = h
 * E^T), or, with softmax cutoffs, full-width rows for the c_1 head tokens plus narrow adaptive
 * input rows for the tail clusters ({@link AdaptiveInput}), read out by an adaptive softmax over
 * the same rows ({@link AdaptiveSoftmax}). The token embedding ({@link #embed}) is also the
 * f-gram model's input: it is the one token representation of the whole system.
 */
final class MainModel extends FixedShapeBlock {

  private final int vocabSize;
  private final Parameter tokenEmbedding;
  private final TransformerStack stack;
  private final AdaptiveInput adaptiveInput; // null: the full softmax, E holds every token
  private final AdaptiveSoftmax adaptive; // null: the full softmax

  MainModel(ModelConfig config) {
    vocabSize = config.vocabSize();
    int fullWidthRows = config.adaptiveSoftmax() ? config.softmaxCutoffs().get(0) : config.vocabSize();
    tokenEmbedding = parameter("tokens", Parameter.Type.WEIGHT, fullWidthRows, config.dModel());
    tokenEmbedding.setInitializer(new SeededNormal(SeededNormal.GPT2_STD, config.seed(), "main/tokens"));
    stack = addChildBlock(
        "stack", new TransformerStack(config, config.layers(), config.contextLength(), "main"));
    // Added only when used, so a full-softmax model's parameter file is what it always was.
    adaptiveInput = config.adaptiveSoftmax()
        ? addChildBlock("adaptiveInput", new AdaptiveInput(config)) : null;
    adaptive = config.adaptiveSoftmax()
        ? addChildBlock("adaptive", new AdaptiveSoftmax(config, adaptiveInput)) : null;
  }

  /**
   * The full-width token rows, on {@code like}'s device: E (V, d), or the head's (c_1, d) with an
   * adaptive softmax. Call no op on it: pass it to ops on activations.
   */
  private NDArray tokenEmbedding(ParameterStore ps, NDArray like, boolean training) {
    return value(ps, tokenEmbedding, like, training);
  }

  /** Token ids (any shape, INT64) -> their vectors (..., d). */
  NDArray embed(ParameterStore ps, NDArray tokenIds, boolean training) {
    NDArray e = tokenEmbedding(ps, tokenIds, training);
    if (adaptiveInput != null) return adaptiveInput.embed(ps, tokenIds, e, training);
    return Embedding.embedding(tokenIds, e, SparseFormat.DENSE).singletonOrThrow();
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
    NDArray flat = flatten(hidden, targets); // (N, d)
    NDArray e = tokenEmbedding(ps, hidden, training);
    if (adaptive != null) return adaptive.meanNll(ps, flat, e, targets, training);
    return pickTargets(Linear.linear(flat, e).singletonOrThrow(), targets).mean().neg();
  }

  /**
   * (B, T, d) hidden states and their B*T next-token model ids -> log p(target) at each position,
   * row-major, for inference: unlike {@link #head} it never builds (B, T, V) for an adaptive
   * softmax, whose tails it computes only where a target falls in them.
   */
  float[] targetLogProbs(ParameterStore ps, NDArray hidden, long[] targets) {
    NDArray flat = flatten(hidden, targets); // (N, d)
    NDArray e = tokenEmbedding(ps, hidden, false);
    if (adaptive != null) return adaptive.targetLogProbs(ps, flat, e, targets);
    return pickTargets(Linear.linear(flat, e).singletonOrThrow(), targets).toFloatArray();
  }

  /** (N, V) logits -> (N) log-softmax at the targets. */
  private static NDArray pickTargets(NDArray logits, long[] targets) {
    NDArray index = logits.getManager().create(targets).reshape(targets.length, 1);
    return logits.logSoftmax(-1).gather(index, 1).reshape(targets.length);
  }

  private static NDArray flatten(NDArray hidden, long[] targets) {
    Shape shape = hidden.getShape();
    long positions = shape.get(0) * shape.get(1);
    if (positions != targets.length) {
      throw new IllegalArgumentException("hidden states " + shape + " hold " + positions
          + " positions but there are " + targets.length + " targets");
    }
    return hidden.reshape(positions, shape.get(2));
  }

  int layers() {
    return stack.layers();
  }

  /** (B, T, d) input vectors -> (B, T, d) activations before block k; see {@link TransformerStack#lower}. */
  NDArray lower(ParameterStore ps, NDArray inputs, int start, int k) {
    return stack.lower(ps, inputs, start, k);
  }

  /** (B, T, d) activations before block k -> (B, T, d) hidden states: blocks [k, L), final norm. */
  NDArray upperHidden(ParameterStore ps, NDArray activations, int k) {
    return stack.upper(ps, activations, k);
  }

  /**
   * The token embedding (E, or the head rows then the adaptive input's), then the position
   * embedding and blocks [0, k): the input side a split at k reads.
   */
  List<Parameter> lowerParameters(int k) {
    List<Parameter> out = new ArrayList<>();
    out.add(tokenEmbedding);
    if (adaptiveInput != null) {
      for (var p : adaptiveInput.getParameters()) out.add(p.getValue());
    }
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
    return new Shape[] {new Shape(x.get(0), x.get(1), vocabSize)};
  }
}
