package dev.scone.bench.fgram;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a piece of work the way the project's benchmarks do: warm-up runs first (JIT, page
 * cache), then repeated timed runs, reporting the median. The work returns a checksum-like long
 * that is kept so the JIT cannot drop the work as dead code.
 */
public final class BenchTimer {
  private static volatile long sink;

  private BenchTimer() {}

  /** Median wall-clock seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  public static double medianSeconds(int warmups, int runs, LongSupplier work) {
    for (int i = 0; i < warmups; i++) sink += work.getAsLong();
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += work.getAsLong();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }

  /**
   * Alternates {@code a} and {@code b} run by run so that both see the same machine noise (the
   * side-by-side rule), returning their median seconds as {@code [a, b]}.
   */
  public static double[] sideBySide(int warmups, int runs, LongSupplier a, LongSupplier b) {
    for (int i = 0; i < warmups; i++) {
      sink += a.getAsLong();
      sink += b.getAsLong();
    }
    double[] sa = new double[runs];
    double[] sb = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += a.getAsLong();
      long t1 = System.nanoTime();
      sink += b.getAsLong();
      long t2 = System.nanoTime();
      sa[i] = (t1 - t0) / 1e9;
      sb[i] = (t2 - t1) / 1e9;
    }
    Arrays.sort(sa);
    Arrays.sort(sb);
    return new double[] {sa[runs / 2], sb[runs / 2]};
  }
}
