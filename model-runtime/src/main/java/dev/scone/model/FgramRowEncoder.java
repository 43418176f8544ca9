package dev.scone.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs the f-gram model over a list of f-grams to produce their table rows. F-grams are batched
 * by length, so no batch carries padding; each batch runs in its own sub-manager.
 */
final class FgramRowEncoder {

  private FgramRowEncoder() {}

  /**
   * Writes f-gram i's d floats at {@code out.position() + i * d} and advances the position by
   * {@code fgrams.size() * d}.
   *
   * @throws IllegalArgumentException for an f-gram of the wrong length or with a token outside
   *     [0, V), or when {@code out} has fewer than {@code fgrams.size() * d} floats remaining
   */
  static void write(SconeNetwork network, ModelConfig config, NDManager parent, List<int[]> fgrams,
      int batchSize, FloatBuffer out) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    int width = config.dModel();
    long needed = (long) fgrams.size() * width;
    if (out.remaining() < needed) {
      throw new IllegalArgumentException("output has room for " + out.remaining()
          + " floats, " + fgrams.size() + " f-grams of width " + width + " need " + needed);
    }
    for (int i = 0; i < fgrams.size(); i++) {
      SconeBatch.checkFgram(i, fgrams.get(i), config.vocabSize(), config.maxN());
    }
    int base = out.position();
    int[] order = IntStream.range(0, fgrams.size()).boxed()
        .sorted(Comparator.comparingInt(i -> fgrams.get(i).length))
        .mapToInt(Integer::intValue).toArray();
    for (int from = 0; from < order.length; ) {
      int to = from + 1;
      int length = fgrams.get(order[from]).length;
      while (to < order.length && to - from < batchSize && fgrams.get(order[to]).length == length) {
        to++;
      }
      float[] rows = encode(network, parent, fgrams, order, from, to);
      for (int j = from; j < to; j++) {
        out.put(base + order[j] * width, rows, (j - from) * width, width);
      }
      from = to;
    }
    out.position(base + (int) needed);
  }

  /** The f-grams order[from..to) (one length) -> their vectors, row-major (n * d). */
  private static float[] encode(SconeNetwork network, NDManager parent, List<int[]> fgrams,
      int[] order, int from, int to) {
    List<int[]> chunk = new ArrayList<>(to - from);
    for (int j = from; j < to; j++) chunk.add(fgrams.get(order[j]));
    try (NDManager scope = parent.newSubManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDList arrays = FgramArrays.padded(chunk, scope); // (n, k), (n)
      NDArray tokens = network.main().embed(ps, arrays.get(0), false); // (U, K, d)
      return network.fgram().encode(ps, tokens, arrays.get(1), false)
          .toFloatArray(); // (n, d)
    }
  }
}
