package dev.scone.bench.train;

import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.loop.TrainingReport;
import java.util.Arrays;
import java.util.List;

/**
 * Trains several loops one step each in turn and times every step, so a shared machine's load
 * falls on all of them alike. The first {@code warmup} steps of each are run but not timed.
 */
final class InterleavedSteps {

  /** Each loop's timed step seconds and its report after the last step. */
  record Timed(double[] seconds, TrainingReport report) {

    double median() {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double mean() {
      return Arrays.stream(seconds).sum() / seconds.length;
    }
  }

  private InterleavedSteps() {}

  /** Runs {@code warmup + steps} steps of every loop, interleaved; times the last {@code steps}. */
  static List<Timed> run(List<TrainingLoop> loops, int warmup, int steps) {
    int n = loops.size();
    TrainingReport[] reports = new TrainingReport[n];
    double[][] seconds = new double[n][steps];
    for (int j = 0; j < n; j++) reports[j] = loops.get(j).run(warmup);
    for (int i = 0; i < steps; i++) {
      for (int j = 0; j < n; j++) {
        double before = reports[j].trainSeconds();
        reports[j] = loops.get(j).run(warmup + i + 1);
        seconds[j][i] = reports[j].trainSeconds() - before;
      }
    }
    Timed[] out = new Timed[n];
    for (int j = 0; j < n; j++) out[j] = new Timed(seconds[j], reports[j]);
    return List.of(out);
  }
}
