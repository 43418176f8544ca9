package dev.scone.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Packs f-grams of varying length into the f-gram model's input arrays. */
final class FgramArrays {

  private FgramArrays() {}

  /**
   * U f-grams -> [tokens (U, K) INT64 padded at the end with token 0, last (U) INT64 = k_u - 1],
   * K the longest length among them.
   */
  static NDList padded(List<int[]> fgrams, NDManager manager) {
    int width = 0;
    for (int[] g : fgrams) width = Math.max(width, g.length);
    long[] tokens = new long[fgrams.size() * width];
    long[] last = new long[fgrams.size()];
    for (int u = 0; u < fgrams.size(); u++) {
      int[] g = fgrams.get(u);
      for (int j = 0; j < g.length; j++) tokens[u * width + j] = g[j];
      last[u] = g.length - 1;
    }
    return new NDList(
        manager.create(tokens, new Shape(fgrams.size(), width)), manager.create(last));
  }
}
