package dev.scone.model;

/**
 * Size and compute of a model, from its config alone.
 *
 * <p><b>FLOPs</b> count matrix multiplications only, at 2 FLOPs per multiply-add (the convention
 * of Kaplan et al. 2020; attention counts both of its matmuls, as PaLM's appendix B does, where
 * Kaplan counts only q·k). Per token and layer: the Q/K/V projection (2 · d · 3d), the attention
 * scores q·k over the c attended positions (2 · c · d, summed over heads), the weighted sum of
 * values (2 · c · d), the output projection (2 · d · d) and the MLP (2 · 2 · d · h); then the tied
 * output head (2 · d · V). Not counted: LayerNorm, softmax, GELU, biases, residual adds, dropout,
 * and the input gather (a table read, no arithmetic). An adaptive softmax replaces 2 · d · V by
 * its head, 2 · d · (c_1 + k), plus each tail's projection and rows, 2 · d · d_i + 2 · d_i ·
 * |cluster i|: what inference computes for the whole distribution (sampling needs all of it). So SCONE costs exactly the baseline's FLOPs
 * at inference: its f-gram vectors are table rows, and the f-gram model does not run.
 *
 * <p><b>Parameters</b>: {@link #mainParameters} is what sits on the accelerator at inference (E,
 * positions, blocks, final LayerNorm); {@link #fgramModelParameters} is used only in training and
 * when new f-grams get rows; {@link #tableFloats} is the off-accelerator embedding table.
 */
public record ModelCosts(ModelConfig config) {

  /**
   * Inference FLOPs for one token that attends to {@code attendedPositions} positions (itself
   * included): the window so far when decoding, or on average (T + 1) / 2 over a full sequence.
   */
  public long inferenceFlopsPerToken(long attendedPositions) {
    long d = config.dModel();
    long perLayer = 2 * d * 3 * d // Q, K, V projections
        + 2 * attendedPositions * d // scores q . k
        + 2 * attendedPositions * d // weights . v
        + 2 * d * d // output projection
        + 2 * 2 * d * config.mlpHidden(); // MLP in and out
    return config.layers() * perLayer + 2 * headMultiplyAdds();
  }

  /** Multiply-adds of the output layer per token: d V, or the adaptive softmax's sum. */
  private long headMultiplyAdds() {
    long d = config.dModel();
    if (!config.adaptiveSoftmax()) return d * config.vocabSize();
    int[] bounds = config.softmaxBounds(); // 0, c_1, ..., c_k, V
    int tails = bounds.length - 2;
    long total = d * (bounds[1] + tails);
    for (int i = 1; i <= tails; i++) {
      long width = ModelConfig.tailWidth(config.dModel(), i);
      total += d * width + width * (bounds[i + 1] - bounds[i]);
    }
    return total;
  }

  /** Inference FLOPs per token averaged over a full causal window of T positions. */
  public double inferenceFlopsPerTokenOverWindow(int time) {
    double sum = 0;
    for (int t = 1; t <= time; t++) sum += inferenceFlopsPerToken(t);
    return sum / time;
  }

  /**
   * Parameters of the main model: the token embedding + positions + blocks + final LayerNorm. The
   * token embedding is E (V d), or with an adaptive softmax the head rows (c_1 d), the narrow tail
   * rows (shared with the softmax's tails), the input and output projections and the cluster
   * entries: the softmax's multiply-adds plus one more d x d_i per tail.
   */
  public long mainParameters() {
    long embedding = (long) config.vocabSize() * config.dModel();
    if (config.adaptiveSoftmax()) {
      embedding = headMultiplyAdds();
      for (int i = 1; i <= config.softmaxCutoffs().size(); i++) {
        embedding += (long) config.dModel() * ModelConfig.tailWidth(config.dModel(), i);
      }
    }
    return embedding + stackParameters(config.layers(), config.contextLength());
  }

  /** Parameters of the f-gram model (0 for the baseline); it has no token embedding. */
  public long fgramModelParameters() {
    return config.hasFgramModel() ? stackParameters(config.fgramLayers(), config.maxN()) : 0;
  }

  /** Floats in the embedding table of V + fgramCount rows of width d. */
  public long tableFloats(long fgramCount) {
    return (config.vocabSize() + fgramCount) * config.dModel();
  }

  private long stackParameters(int layers, int positions) {
    long d = config.dModel();
    long h = config.mlpHidden();
    long perBlock = 2 * d // ln1
        + 3 * d * d + 3 * d // qkv
        + d * d + d // attention projection
        + 2 * d // ln2
        + d * h + h // MLP in
        + h * d + d; // MLP out
    return positions * d + layers * perBlock + 2 * d; // + final LayerNorm
  }
}
