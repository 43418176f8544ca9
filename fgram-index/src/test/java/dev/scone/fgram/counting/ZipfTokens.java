package dev.scone.fgram.counting;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test input: documents of token ids drawn from a Zipf distribution (rank k has weight 1/k^s). */
public final class ZipfTokens {
  private final double[] cumulative;
  private final Random rnd;

  public ZipfTokens(int vocabSize, double exponent, long seed) {
    cumulative = new double[vocabSize];
    double sum = 0;
    for (int k = 0; k < vocabSize; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < vocabSize; k++) cumulative[k] /= sum;
    rnd = new Random(seed);
  }

  public int next() {
    double u = rnd.nextDouble();
    int lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  public int[] document(int length) {
    int[] doc = new int[length];
    for (int i = 0; i < length; i++) doc[i] = next();
    return doc;
  }

  /** {@code count} documents of lengths uniform in {@code [0, maxLength]}. */
  public List<int[]> documents(int count, int maxLength) {
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < count; d++) docs.add(document(rnd.nextInt(maxLength + 1)));
    return docs;
  }
}
