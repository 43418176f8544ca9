package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The whole trainable system as one DJL block (what a DJL Trainer sees): the main model and,
 * when {@code fgramLayers > 0}, the f-gram model, sharing the main model's token embedding E.
 *
 * <p>Its DJL forward is the training path: input as laid out by {@link SconeBatch#toNDList},
 * output scores (B, T, V) (see {@link MainModel#head}). Baseline and SCONE differ only in {@link #inputs}, i.e. in where
 * a position's input vector comes from.
 */
final class SconeNetwork extends FixedShapeBlock {

  private final ModelConfig config;
  private final MainModel main;
  private final FgramModel fgram; // null for the baseline

  SconeNetwork(ModelConfig config) {
    this.config = config;
    main = addChildBlock("main", new MainModel(config));
    fgram = config.hasFgramModel() ? addChildBlock("fgram", new FgramModel(config)) : null;
  }

  MainModel main() {
    return main;
  }

  /** The f-gram model; throws for the baseline. */
  FgramModel fgram() {
    if (fgram == null) {
      throw new IllegalStateException("this model has no f-gram model (fgramLayers = 0)");
    }
    return fgram;
  }

  /**
   * The training path's input vectors, (B, T, d): E's row of each token, replaced by the f-gram
   * model's output where the position reads an f-gram. Each unique f-gram is computed once;
   * differentiable w.r.t. E (through both uses) and the f-gram model.
   */
  NDArray inputs(ParameterStore ps, NDList batch, boolean training) {
    NDArray tokens = batch.get(0); // (B, T)
    NDArray x = main.embed(ps, tokens, training); // (B, T, d)
    if (batch.size() == 1) return x;
    NDArray fgramTokens = main.embed(ps, batch.get(3), training); // (U, K) -> (U, K, d)
    NDArray vectors = fgram().encode(ps, fgramTokens, batch.get(4), training); // (U, d)
    NDArray fromFgrams = Embedding.embedding(batch.get(1), vectors, SparseFormat.DENSE)
        .singletonOrThrow(); // (B, T) slots -> (B, T, d)
    // NDArrays.where does not broadcast: expand the (B, T) choice to (B, T, d) first.
    NDArray replaced = batch.get(2).expandDims(2).broadcast(x.getShape()); // (B, T, d)
    return NDArrays.where(replaced, fromFgrams, x);
  }

  /** (B, T, d) input vectors at positions start.. -> (B, T, V) logits. */
  NDArray logits(ParameterStore ps, NDArray inputs, int start, KvCache cache, boolean training) {
    return main.head(ps, main.hidden(ps, inputs, start, cache, training), training);
  }

  /** (B, T, d) input vectors from position 0 and B*T targets -> mean -log p(target), a scalar. */
  NDArray meanNll(ParameterStore ps, NDArray inputs, long[] targets, boolean training) {
    return main.meanNll(ps, main.hidden(ps, inputs, 0, null, training), targets, training);
  }

  @Override
  NDArray forward(ParameterStore ps, NDArray tokens, boolean training) {
    return logits(ps, inputs(ps, new NDList(tokens), training), 0, null, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList batch, boolean training, PairList<String, Object> params) {
    return new NDList(logits(ps, inputs(ps, batch, training), 0, null, training));
  }

  /** (B, T) token ids -> (B, T, V) logits. */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].addAll(new Shape(config.vocabSize()))};
  }
}
