package dev.scone.training.data;

/**
 * B windows of T positions: the model's input ({@code inputs}, tokens and rows of positions
 * {@code s .. s+T-1} of each window start s) and the next-token targets (model ids of positions
 * {@code s+1 .. s+T}, row-major, B*T values).
 */
public record WindowBatch(dev.scone.model.SconeBatch inputs, long[] targets) {

  public int batch() {
    return inputs.batch();
  }

  public int time() {
    return inputs.time();
  }
}
