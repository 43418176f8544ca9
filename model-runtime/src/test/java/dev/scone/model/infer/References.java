package dev.scone.model.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.scone.model.SconeBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Straightforward references: one full forward from position 0, no cache, no windows. */
final class References {

  private References() {}

  /** Logits (T * Vm) of the baseline: the model's token rows of toModel(tokens). */
  static float[] baselineLogits(ServingFixture f, int[] tokens) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray ids = manager.create(toLong(f.toModel(tokens)), new Shape(1, tokens.length));
      return f.model.logits(f.model.tokenInputs(ids), 0).toFloatArray();
    }
  }

  /** Logits (T * Vm) of the training path: the f-gram model on the fly over matcher rows. */
  static float[] trainingLogits(ServingFixture f, int[] tokens) {
    int vt = f.tokenizer.vocabSize();
    int vm = f.ids.modelVocabSize();
    int[] modelTokens = f.toModel(tokens);
    int[] rows = f.matcher.rows(tokens);
    int[] modelRows = new int[rows.length];
    for (int i = 0; i < rows.length; i++) modelRows[i] = rows[i] < vt ? modelTokens[i] : vm + rows[i] - vt;
    SconeBatch batch = SconeBatch.of(modelTokens, modelRows, 1, tokens.length, vm, ServingFixture.MAX_N,
        id -> f.toModel(f.vocabulary.tokens(id)));
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      return f.model.logits(batch, manager).toFloatArray();
    }
  }

  /** Logits (T * Vm) of table rows read by positions 0..T-1, without a cache. */
  static float[] tableLogits(ServingFixture f, int[] rows) {
    ByteBuffer staging = ByteBuffer.allocateDirect(rows.length * ServingFixture.D * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    f.table.gather(rows, rows.length, staging);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      return f.model.logits(f.model.wrapInputs(manager, staging, 1, rows.length), 0).toFloatArray();
    }
  }

  /** log softmax(logits at position)[target], in float64. */
  static double logProb(float[] logits, int position, int vocab, int target) {
    int base = position * vocab;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) max = Math.max(max, logits[base + i]);
    double sum = 0;
    for (int i = 0; i < vocab; i++) sum += Math.exp(logits[base + i] - max);
    return logits[base + target] - max - Math.log(sum);
  }

  /** The largest logit's id at a position, lowest id on ties. */
  static int argmax(float[] logits, int position, int vocab) {
    int base = position * vocab;
    int best = 0;
    for (int i = 1; i < vocab; i++) if (logits[base + i] > logits[base + best]) best = i;
    return best;
  }

  /** Per-token log-probs of tokens 1..T-1 from full-forward logits. */
  static double[] tokenLogprobs(ServingFixture f, float[] logits, int[] tokens) {
    int vm = f.ids.modelVocabSize();
    double[] out = new double[Math.max(0, tokens.length - 1)];
    for (int t = 1; t < tokens.length; t++) out[t - 1] = logProb(logits, t - 1, vm, f.ids.toModel(tokens[t]));
    return out;
  }

  static long[] toLong(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) throw new AssertionError(a.length + " vs " + b.length + " values");
    double max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
