package dev.scone.bench.scale;

import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores text on two scorers in turn, piece by piece, for a fixed time: SCONE and the baseline see
 * the same pieces at nearly the same moment (the order alternates every piece, so neither always
 * runs on the caches the other warmed). Each step records both sides' times, for curves over time.
 */
final class InterleavedScoring {

  /** One piece scored on both sides, {@code seconds} after the start. */
  record Step(double seconds, int tokens, long sconeNanos, long baselineNanos, long rssBytes, long anonBytes) {}

  private InterleavedScoring() {}

  /**
   * Scores {@code pieces} in a cycle on both scorers until {@code seconds} have passed (at least
   * one piece).
   *
   * @throws IllegalStateException if the two sides scored a different number of tokens
   */
  static List<Step> run(Scorer scone, Scorer baseline, List<int[]> pieces, double seconds) {
    List<Step> steps = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int i = 0; i == 0 || System.nanoTime() < end; i++) {
      int[] piece = pieces.get(i % pieces.size());
      double at = (System.nanoTime() - start) / 1e9;
      long[] nanos = new long[2];
      int[] tokens = new int[2];
      for (int k = 0; k < 2; k++) {
        int side = (i + k) % 2; // 0: SCONE; first on even steps
        long t0 = System.nanoTime();
        Score s = (side == 0 ? scone : baseline).score(piece);
        nanos[side] = System.nanoTime() - t0;
        tokens[side] = s.tokenLogprobs().length;
      }
      if (tokens[0] != tokens[1]) {
        throw new IllegalStateException("SCONE scored " + tokens[0] + " tokens of piece " + i + ", the baseline "
            + tokens[1]);
      }
      steps.add(new Step(at, tokens[0], nanos[0], nanos[1], ProcessMemory.residentSetBytes(),
          ProcessMemory.anonymousResidentBytes()));
    }
    return steps;
  }

  /** Baseline time over SCONE time of the steps starting in [from, to) seconds: SCONE's throughput ratio. */
  static double ratio(List<Step> steps, double from, double to) {
    long scone = 0;
    long baseline = 0;
    for (Step s : steps) {
      if (s.seconds() >= from && s.seconds() < to) {
        scone += s.sconeNanos();
        baseline += s.baselineNanos();
      }
    }
    return scone == 0 ? Double.NaN : (double) baseline / scone;
  }

  /** Tokens/s of one side over the steps starting in [from, to). */
  static double tokensPerSecond(List<Step> steps, double from, double to, boolean sconeSide) {
    long tokens = 0;
    long nanos = 0;
    for (Step s : steps) {
      if (s.seconds() >= from && s.seconds() < to) {
        tokens += s.tokens();
        nanos += sconeSide ? s.sconeNanos() : s.baselineNanos();
      }
    }
    return nanos == 0 ? Double.NaN : tokens / (nanos / 1e9);
  }
}
