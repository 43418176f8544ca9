package dev.scone.model;

import ai.djl.ndarray.NDArray;
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
 * positions, and an output head tied to E (logits = h E^T). E is also the f-gram model's input
 * embedding: it is the one token-embedding parameter of the whole system.
 */
final class MainModel extends FixedShapeBlock {

  private final Parameter tokenEmbedding;
  private final TransformerStack stack;

  MainModel(ModelConfig config) {
    tokenEmbedding =
        parameter("tokens", Parameter.Type.WEIGHT, config.vocabSize(), config.dModel());
    tokenEmbedding.setInitializer(new SeededNormal(0.02, config.seed(), "main/tokens"));
    stack = addChildBlock(
        "stack", new TransformerStack(config, config.layers(), config.contextLength(), "main"));
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

  /** (B, T, d) hidden states -> (B, T, V) logits, through the tied head: h E^T. */
  NDArray head(ParameterStore ps, NDArray hidden, boolean training) {
    return Linear.linear(hidden, tokenEmbedding(ps, hidden, training)).singletonOrThrow();
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
