package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;

/** The baseline: each position reads the model's own token embedding of {@code toModel(token)}. */
final class TokenInputRows implements InputRows {

  private final LanguageModel model;
  private final TokenIdMap ids;

  TokenInputRows(LanguageModel model, TokenIdMap ids) {
    this.model = model;
    this.ids = ids;
  }

  @Override
  public int[] rows(int[] tokens) {
    return tokens.clone();
  }

  @Override
  public RowStream stream() {
    return token -> token;
  }

  @Override
  public NDArray inputs(NDManager manager, int[] rows, int batch, int time) {
    long[] modelIds = new long[batch * time];
    for (int i = 0; i < modelIds.length; i++) modelIds[i] = ids.toModel(rows[i]);
    NDArray tokenIds = manager.create(modelIds, new Shape(batch, time)); // (B, T) INT64
    return model.tokenInputs(tokenIds); // (B, T, d)
  }
}
