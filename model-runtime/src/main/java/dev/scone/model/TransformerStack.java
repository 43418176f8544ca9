package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The part the main model and the f-gram model share: learned absolute position embeddings, a
 * stack of pre-LN transformer blocks and a final LayerNorm. It takes input VECTORS (B, T, d),
 * not token ids, so callers decide where each position's vector comes from (a token's row of E,
 * an f-gram's vector, a precomputed table row).
 */
final class TransformerStack extends FixedShapeBlock {

  private final int positions;
  private final float dropout;
  private final Parameter positionEmbedding;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final Norm lnFinal;

  /**
   * @param layers number of blocks
   * @param positions number of position embeddings (absolute positions 0..positions-1)
   * @param role names the stack in the initialisation seed, so two stacks differ
   */
  TransformerStack(ModelConfig config, int layers, int positions, String role) {
    this.positions = positions;
    this.dropout = (float) config.dropout();
    positionEmbedding =
        parameter("positions", Parameter.Type.WEIGHT, positions, config.dModel());
    for (int i = 0; i < layers; i++) {
      blocks.add(addChildBlock("block" + i, new TransformerBlock(config)));
    }
    lnFinal = addChildBlock("lnFinal", new Norm(config.dModel()));
    seedInitializers(config.seed(), layers, role);
  }

  /**
   * GPT-2 initialisation: weights ~ N(0, 0.02), except the projections back into the residual
   * stream (attention and MLP "proj"), N(0, 0.02 / sqrt(2 layers)), so the residual's variance
   * does not grow with depth. Biases 0, LayerNorm scale 1, shift 0 (DJL's defaults by type).
   */
  private void seedInitializers(long seed, int layers, String role) {
    double residualStd = SeededNormal.GPT2_STD / Math.sqrt(2.0 * layers);
    for (Pair<String, Parameter> p : getParameters()) {
      if (p.getValue().getType() != Parameter.Type.WEIGHT) continue;
      double std = p.getKey().endsWith("proj_weight") ? residualStd : SeededNormal.GPT2_STD;
      p.getValue().setInitializer(new SeededNormal(std, seed, role + "/" + p.getKey()));
    }
  }

  int layers() {
    return blocks.size();
  }

  /**
   * (B, T, d) input vectors at absolute positions start..start+T-1 -> (B, T, d) outputs after the
   * final LayerNorm.
   *
   * @param cache null, or the earlier positions' keys and values (then {@code start} should be
   *     {@code cache.length()}); extended by this call
   * @throws IllegalArgumentException when start + T exceeds the stack's positions
   */
  NDArray forward(ParameterStore ps, NDArray x, int start, KvCache cache, boolean training) {
    int time = Math.toIntExact(x.getShape().get(1));
    NDArray h = dropout(withPositions(ps, x, start, training), dropout, training); // (B, T, d)
    int past = cache == null ? 0 : cache.length();
    NDArray mask = CausalMask.of(x.getManager(), time, past); // (T, past + T), shared by all layers
    for (int i = 0; i < blocks.size(); i++) {
      h = blocks.get(i).forward(ps, h, mask, cache, i, training);
    }
    return lnFinal.forward(ps, h, training);
  }

  /**
   * (B, T, d) inputs plus the position embeddings of start..start+T-1 (broadcast over B).
   *
   * @throws IllegalArgumentException when start + T exceeds the stack's positions
   */
  private NDArray withPositions(ParameterStore ps, NDArray x, int start, boolean training) {
    int time = Math.toIntExact(x.getShape().get(1));
    if (start < 0 || start + time > positions) {
      throw new IllegalArgumentException("positions " + start + ".." + (start + time - 1)
          + " are outside the " + positions + " this stack has embeddings for");
    }
    NDArray positionIds = x.getManager().arange(start, start + time, 1, DataType.INT64); // (T)
    NDArray pos = Embedding.embedding(
            positionIds, value(ps, positionEmbedding, x, training), SparseFormat.DENSE)
        .singletonOrThrow(); // (T, d)
    return x.add(pos);
  }

  /**
   * The lower part of {@link #forward}: (B, T, d) input vectors at positions start.. -> (B, T, d)
   * residual stream after blocks [0, k), before block k (k = 0: inputs plus positions). Inference
   * only (no dropout, no cache): what a re-scoring run stores and a later run resumes from.
   */
  NDArray lower(ParameterStore ps, NDArray x, int start, int k) {
    requireSplit(k);
    int time = Math.toIntExact(x.getShape().get(1));
    NDArray h = withPositions(ps, x, start, false); // (B, T, d)
    NDArray mask = CausalMask.of(x.getManager(), time, 0); // (T, T)
    for (int i = 0; i < k; i++) h = blocks.get(i).forward(ps, h, mask, null, i, false);
    return h;
  }

  /** The rest of {@link #forward}: (B, T, d) residual stream before block k -> final LayerNorm. */
  NDArray upper(ParameterStore ps, NDArray h, int k) {
    requireSplit(k);
    int time = Math.toIntExact(h.getShape().get(1));
    NDArray mask = CausalMask.of(h.getManager(), time, 0); // (T, T)
    for (int i = k; i < blocks.size(); i++) h = blocks.get(i).forward(ps, h, mask, null, i, false);
    return lnFinal.forward(ps, h, false);
  }

  /** The position embedding and blocks [0, k), in block order: what {@link #lower} reads. */
  List<Parameter> lowerParameters(int k) {
    requireSplit(k);
    List<Parameter> out = new ArrayList<>();
    out.add(positionEmbedding);
    for (int i = 0; i < k; i++) {
      for (Pair<String, Parameter> p : blocks.get(i).getParameters()) out.add(p.getValue());
    }
    return out;
  }

  private void requireSplit(int k) {
    if (k < 0 || k > blocks.size()) {
      throw new IllegalArgumentException("split layer " + k + " is outside [0, " + blocks.size() + "]");
    }
  }

  @Override
  NDArray forward(ParameterStore ps, NDArray x, boolean training) {
    return forward(ps, x, 0, null, training);
  }
}
