package dev.scone.bench.fgram;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Row ids for {@link GatherBench}: Zipf-distributed ranks ({@code P(rank k) ∝ 1 / k^s}, the
 * shape of token and f-gram frequencies), each rank mapped to a row through a fixed random
 * permutation so that hot rows are scattered over the table rather than packed at its start.
 */
final class GatherBenchIds {
  private GatherBenchIds() {}

  /** {@code batches} arrays of {@code batchIds} ids in {@code [0, rows)}. */
  static int[][] zipf(int rows, double exponent, int batches, int batchIds, long seed) {
    double[] cdf = new double[rows];
    double sum = 0;
    for (int k = 0; k < rows; k++) {
      sum += Math.pow(k + 1, -exponent);
      cdf[k] = sum;
    }
    int[] rowOfRank = permutation(rows, new SplittableRandom(seed));
    SplittableRandom rnd = new SplittableRandom(seed + 1);
    int[][] out = new int[batches][batchIds];
    for (int[] batch : out) {
      for (int i = 0; i < batchIds; i++) {
        int at = Arrays.binarySearch(cdf, rnd.nextDouble() * sum);
        int rank = at >= 0 ? at : Math.min(rows - 1, -at - 1);
        batch[i] = rowOfRank[rank];
      }
    }
    return out;
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Distinct ids among all batches, for reporting how concentrated the workload is. */
  static int distinct(int[][] batches, int rows) {
    boolean[] seen = new boolean[rows];
    int count = 0;
    for (int[] b : batches) {
      for (int id : b) {
        if (!seen[id]) {
          seen[id] = true;
          count++;
        }
      }
    }
    return count;
  }
}
