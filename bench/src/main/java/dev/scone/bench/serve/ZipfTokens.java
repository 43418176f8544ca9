package dev.scone.bench.serve;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Token ids drawn with probability proportional to 1 / (id + 1)^1.1 (Zipf, rank = id). */
final class ZipfTokens {
  private ZipfTokens() {}

  static int[] draw(SplittableRandom random, int vocab, int count) {
    double[] cdf = new double[vocab];
    double sum = 0;
    for (int r = 0; r < vocab; r++) cdf[r] = sum += Math.pow(r + 1, -1.1);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      int at = Arrays.binarySearch(cdf, random.nextDouble() * sum);
      out[i] = Math.min(vocab - 1, at < 0 ? -at - 1 : at);
    }
    return out;
  }
}
