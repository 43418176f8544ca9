package dev.scone.training.experiment;

import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which runs the experiment trains, with their configs and seeds. The grid shares its centre
 * point: baseline M, baseline 2M (twice the layers), SCONE M at 4 f-gram counts (middle f-gram
 * model size) and at 3 f-gram model sizes (0.5x, 1x, 2x M's layers; third count), so 2 + 4 + 3 - 1
 * = 8 runs; {@link #centre()} is the SCONE run the shuffled-table control is built from.
 *
 * <p><b>Budget of {@link #full}</b> (2 cores, measured at d=128, 2 layers, T=128, B=16, one
 * thread: ~2,300 target tokens/s baseline, ~2,100 SCONE): 400 steps x 2,048 tokens = 819k tokens
 * is ~6 min for baseline M, ~12 min for 2M, ~6.5 min for each SCONE run at 2 f-gram layers
 * (~5.5 at 1, ~9 at 4), so ~6 + 12 + 4 x 6.5 + 5.5 + 9 = ~59 min of training, plus table
 * precompute (<= 64k f-grams x 5 positions) and two test-split evaluations per bundle: ~80 min.
 * <b>{@link #quick}</b>: d=64, T=64, B=8, 150 steps (77k tokens, well under a minute per run at
 * d=64), f-gram counts 2k..16k. Measured (one run, 2026-11-22): 11 min 54 s wall on 2 cores shared with
 * other jobs for its first 6 min; uncontended a SCONE run took ~50 s (14 s training at ~5,500
 * tokens/s, ~37 s publishing and scoring both test splits), so ~8 min on an idle machine.
 *
 * <p>Immutable; every run uses the same seeds (model 1, training 1).
 *
 * @param name the plan's label ({@code full}, {@code quick}, ...)
 * @param runs the runs, baselines first
 * @param centre the name of the SCONE run the control shuffles
 */
public record ExperimentPlan(String name, List<PlannedRun> runs, String centre) {

  public ExperimentPlan {
    Objects.requireNonNull(name, "name");
    runs = List.copyOf(runs);
    if (runs.stream().noneMatch(r -> r.name().equals(centre) && !r.baseline())) {
      throw new IllegalArgumentException("centre '" + centre + "' must name a SCONE run of the plan, runs: "
          + runs.stream().map(PlannedRun::name).toList());
    }
  }

  /** The full grid on {@code corpus}: M = 2 layers, d=128, T=128, B=16, 400 steps; 8k..64k f-grams. */
  public static ExperimentPlan full(String corpus, Path store) {
    TrainingConfig training = training(400, 16, 128);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 128, 4, 512, 128);
    return grid("full", m, new int[] {8_000, 16_000, 32_000, 64_000}, 5);
  }

  /** The quick grid: M = 2 layers, d=64, T=64, B=8, 150 steps; 2k..16k f-grams. */
  public static ExperimentPlan quick(String corpus, Path store) {
    TrainingConfig training = training(150, 8, 64);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 64, 4, 256, 64);
    return grid("quick", m, new int[] {2_000, 4_000, 8_000, 16_000}, 5);
  }

  /**
   * The shared-centre grid around {@code m} (whose layers L define M): f-gram model layers
   * max(1, L/2), L, 2L; the centre is the third count at L layers.
   */
  public static ExperimentPlan grid(String name, TrainRunConfig m, int[] counts, long minCount) {
    if (counts.length < 3) throw new IllegalArgumentException("need >= 3 f-gram counts, got " + counts.length);
    int layers = m.layers();
    List<PlannedRun> runs = new ArrayList<>();
    TrainRunConfig base = m.withFgrams(0, m.maxN(), 0, minCount, null);
    runs.add(new PlannedRun("baseline-M", base));
    runs.add(new PlannedRun("baseline-2M",
        base.withModel(2 * layers, m.dModel(), m.heads(), m.mlpHidden(), m.contextLength())));
    int centreCount = counts[2];
    for (int s : counts) runs.add(scone(m, layers, s, minCount));
    for (int f : new int[] {Math.max(1, layers / 2), 2 * layers}) runs.add(scone(m, f, centreCount, minCount));
    return new ExperimentPlan(name, runs, sconeName(layers, centreCount));
  }

  private static PlannedRun scone(TrainRunConfig m, int fgramLayers, int count, long minCount) {
    return new PlannedRun(sconeName(fgramLayers, count), m.withFgrams(fgramLayers, m.maxN(), count, minCount, null));
  }

  static String sconeName(int fgramLayers, int count) {
    String s = count % 1000 == 0 ? (count / 1000) + "k" : Integer.toString(count);
    return "scone-M-" + s + "-f" + fgramLayers;
  }

  /** Warm-up a tenth of the steps, evaluation only at the end, no checkpoints, two threads. */
  static TrainingConfig training(int steps, int batch, int window) {
    return TrainingConfig.defaults().withSteps(steps).withBatch(batch, window)
        .withLearningRate(1e-3, 1e-4, steps / 10).withEvaluation(0, 8).withCheckpointEvery(0).withSeed(1)
        .withThreads(2);
  }

  /** The run named {@code name}. */
  public PlannedRun run(String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no run '" + name + "' in plan " + this.name));
  }

  public PlannedRun centreRun() {
    return run(centre);
  }
}
