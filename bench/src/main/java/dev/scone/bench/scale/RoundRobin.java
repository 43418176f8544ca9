package dev.scone.bench.scale;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Times several variants of the same work pass by pass in turn (A, B, C, A, B, C, ...), so that
 * every variant sees the same machine noise: the side-by-side rule for more than two.
 */
final class RoundRobin {
  private static volatile long sink;

  private RoundRobin() {}

  /**
   * Median rate (units per second) of each variant over {@code runs} timed passes, after
   * {@code warmups} untimed ones each; one pass does {@code units} units of work.
   */
  static <T> double[] medianRates(List<T> variants, int warmups, int runs, ToLongFunction<T> pass, long units) {
    for (int w = 0; w < warmups; w++) for (T v : variants) sink += pass.applyAsLong(v);
    double[][] seconds = new double[variants.size()][runs];
    for (int r = 0; r < runs; r++) {
      for (int i = 0; i < variants.size(); i++) {
        long t0 = System.nanoTime();
        sink += pass.applyAsLong(variants.get(i));
        seconds[i][r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    double[] rates = new double[variants.size()];
    for (int i = 0; i < rates.length; i++) {
      Arrays.sort(seconds[i]);
      rates[i] = units / seconds[i][runs / 2];
    }
    return rates;
  }
}
