package dev.scone.training.experiment;

import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Which runs the experiment trains, with their configs and seeds. The grid shares its centre
 * point: baseline M, baseline 2M, SCONE M at 4 f-gram counts (middle f-gram model size) and at 3
 * f-gram model sizes (0.5x, 1x, 2x M's layers; third count), so 2 + 4 + 3 - 1 = 8 runs;
 * {@link #centre()} is the SCONE run the shuffled-table control is built from.
 *
 * <p><b>2M</b> is the baseline with about twice M's inference FLOPs (ModelCosts), made deeper at
 * the same width. The tied output head costs 2 d V FLOPs per token whatever the depth, so doubling
 * the layers alone does not double the FLOPs: with V = 18,846 (tokens seen >= 2 times) at d = 64
 * "twice the layers" was only 1.08x. The presets therefore keep tokens seen >= {@value
 * #VOCAB_MIN_COUNT} times in the SOTU training split (V = 3,384 ids incl. UNK; 89.8% of its tokens
 * keep their own id, the rest score as UNK for every model alike) and give 2M the layer count that
 * brings its FLOPs to ~2x: quick 8 layers (1.99x: 1.29 M vs 0.65 M FLOPs/token), full 6 layers
 * (1.99x: 3.42 M vs 1.72 M).
 *
 * <p><b>Budgets</b> (2 cores). {@link #quick}: d=64, T=64, B=8, {@value #QUICK_STEPS} steps
 * (512,000 target tokens), f-gram counts 2k..16k, test splits cut to {@value #TEST_TOKENS} tokens.
 * {@link #full}: d=128, T=128, B=16, {@value #FULL_STEPS} steps (1.64 M tokens), 8k..64k f-grams,
 * same cut. Both fit CI's 90 minutes with room; their measured wall times are in docs/RESULTS.md
 * ("Budgets").
 *
 * <p>Immutable; every run uses the same seeds (model 1, training 1).
 *
 * @param name the plan's label ({@code full}, {@code quick}, ...)
 * @param runs the runs, baselines first
 * @param centre the name of the SCONE run the control shuffles; a plan cut by {@link #only} may
 *     lack it, and then has no control
 * @param testTokens each test split is scored on its first this many tokens (documents in order, the
 *     last one cut), >= 1; {@link Integer#MAX_VALUE} scores all of it
 */
public record ExperimentPlan(String name, List<PlannedRun> runs, String centre, int testTokens) {

  public ExperimentPlan {
    Objects.requireNonNull(name, "name");
    if (testTokens < 1) throw new IllegalArgumentException("testTokens must be >= 1, got " + testTokens);
    runs = List.copyOf(runs);
    if (runs.stream().anyMatch(r -> r.name().equals(centre) && r.baseline())) {
      throw new IllegalArgumentException("centre '" + centre + "' must name a SCONE run, not a baseline, runs: "
          + runs.stream().map(PlannedRun::name).toList());
    }
  }

  /** Tokens need this many occurrences in the training split to get their own model id. */
  public static final int VOCAB_MIN_COUNT = 50;
  /** Scored tokens per test split (SOTU's has ~176k, Moby Dick's ~27k). */
  public static final int TEST_TOKENS = 40_000;
  /**
   * Peak learning rate of every run (cosine to a tenth), chosen by a sweep of 5e-4..4e-3 at both
   * presets (docs/RESULTS.md): baseline M's best. The earlier 1e-3 left every model undertrained.
   */
  public static final double PEAK_LEARNING_RATE = 4e-3;
  /**
   * SCONE runs train their f-gram model at this multiple of {@link #PEAK_LEARNING_RATE} (1e-3):
   * the f-gram model is unstable at the main model's best rate, and at a shared rate SCONE M lost
   * to the tuned baseline (docs/RESULTS.md).
   */
  public static final double FGRAM_LEARNING_RATE_SCALE = 0.25;
  static final int QUICK_STEPS = 1000;
  static final int FULL_STEPS = 800;

  /** The full grid on {@code corpus}: M = 2 layers, d=128, T=128, B=16; 2M = 6 layers; 8k..64k f-grams. */
  public static ExperimentPlan full(String corpus, Path store) {
    TrainingConfig training = training(FULL_STEPS, 16, 128);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 128, 4, 512, 128)
        .withVocabMinCount(VOCAB_MIN_COUNT);
    return grid("full", m, 6, new int[] {8_000, 16_000, 32_000, 64_000}, 5, TEST_TOKENS);
  }

  /** The quick grid: M = 2 layers, d=64, T=64, B=8; 2M = 8 layers; 2k..16k f-grams. */
  public static ExperimentPlan quick(String corpus, Path store) {
    TrainingConfig training = training(QUICK_STEPS, 8, 64);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 64, 4, 256, 64)
        .withVocabMinCount(VOCAB_MIN_COUNT);
    return grid("quick", m, 8, new int[] {2_000, 4_000, 8_000, 16_000}, 5, TEST_TOKENS);
  }

  /**
   * The shared-centre grid around {@code m} (whose layers L define M): f-gram model layers
   * max(1, L/2), L, 2L; the centre is the third count at L layers; 2M has 2L layers; every test
   * token is scored.
   */
  public static ExperimentPlan grid(String name, TrainRunConfig m, int[] counts, long minCount) {
    return grid(name, m, 2 * m.layers(), counts, minCount, Integer.MAX_VALUE);
  }

  /**
   * {@link #grid(String, TrainRunConfig, int[], long)} with 2M at {@code twoMLayers} layers, scoring
   * the first {@code testTokens} of each test split.
   */
  public static ExperimentPlan grid(String name, TrainRunConfig m, int twoMLayers, int[] counts, long minCount,
      int testTokens) {
    if (counts.length < 3) throw new IllegalArgumentException("need >= 3 f-gram counts, got " + counts.length);
    int layers = m.layers();
    List<PlannedRun> runs = new ArrayList<>();
    TrainRunConfig base = m.withFgrams(0, m.maxN(), 0, minCount, null);
    runs.add(new PlannedRun("baseline-M", base));
    runs.add(new PlannedRun("baseline-2M",
        base.withModel(twoMLayers, m.dModel(), m.heads(), m.mlpHidden(), m.contextLength())));
    int centreCount = counts[2];
    for (int s : counts) runs.add(scone(m, layers, s, minCount));
    for (int f : new int[] {Math.max(1, layers / 2), 2 * layers}) runs.add(scone(m, f, centreCount, minCount));
    return new ExperimentPlan(name, runs, sconeName(layers, centreCount), testTokens);
  }

  private static PlannedRun scone(TrainRunConfig m, int fgramLayers, int count, long minCount) {
    TrainRunConfig c = m.withFgrams(fgramLayers, m.maxN(), count, minCount, null);
    return new PlannedRun(sconeName(fgramLayers, count),
        c.withTraining(c.training().withFgramLearningRateScale(FGRAM_LEARNING_RATE_SCALE)));
  }

  static String sconeName(int fgramLayers, int count) {
    String s = count % 1000 == 0 ? (count / 1000) + "k" : Integer.toString(count);
    return "scone-M-" + s + "-f" + fgramLayers;
  }

  /** The presets' schedule, evaluation only at the end, no checkpoints, two threads. */
  static TrainingConfig training(int steps, int batch, int window) {
    return schedule(TrainingConfig.defaults().withBatch(batch, window), steps, PEAK_LEARNING_RATE)
        .withEvaluation(0, 8).withCheckpointEvery(0).withSeed(1).withThreads(2);
  }

  /**
   * The presets' schedule, the one rule every override keeps (so an override that restores a
   * preset value gives the preset's config exactly, and its stored bundles are reused): {@code
   * steps} steps, warm-up a tenth of them, cosine from {@code peak} to a tenth of it.
   */
  private static TrainingConfig schedule(TrainingConfig t, int steps, double peak) {
    return t.withSteps(steps).withLearningRate(peak, peak / 10, steps / 10);
  }

  /**
   * This plan with only the runs named (in plan order), e.g. baseline M and the centre for a check
   * cheaper than the whole grid. Without the centre the plan has no control ({@link #hasCentre}).
   *
   * @throws IllegalArgumentException for a name that is not in the plan
   */
  public ExperimentPlan only(String... names) {
    List<String> wanted = List.of(names);
    for (String n : wanted) run(n);
    List<PlannedRun> kept = runs.stream().filter(r -> wanted.contains(r.name())).toList();
    return new ExperimentPlan(name, kept, centre, testTokens);
  }

  /**
   * This plan with every run trained for {@code steps} steps (warm-up a tenth of them), e.g. to see
   * whether an axis that is flat at the preset's length separates with longer training.
   */
  public ExperimentPlan withSteps(int steps) {
    return map(c -> c.withTraining(schedule(c.training(), steps, c.training().learningRate())));
  }

  /** This plan with every run's peak learning rate {@code peak}, decaying to a tenth of it. */
  public ExperimentPlan withLearningRate(double peak) {
    return map(c -> c.withTraining(schedule(c.training(), c.training().steps(), peak)));
  }

  /**
   * This plan with every SCONE run's f-gram model training at {@code scale} x the learning rate.
   * Baselines, which have no f-gram model, keep their configs (and so their stored bundles).
   */
  public ExperimentPlan withFgramLearningRateScale(double scale) {
    return map(c -> c.baseline() ? c : c.withTraining(c.training().withFgramLearningRateScale(scale)));
  }

  /**
   * This plan with every run seeded by {@code seed} (initialisation, sampling, dropout), for
   * repeats that measure the run-to-run spread.
   */
  public ExperimentPlan withSeed(long seed) {
    return map(c -> c.withSeed(seed).withTraining(c.training().withSeed(seed)));
  }

  private ExperimentPlan map(UnaryOperator<TrainRunConfig> change) {
    List<PlannedRun> changed = runs.stream().map(r -> new PlannedRun(r.name(), change.apply(r.config()))).toList();
    return new ExperimentPlan(name, changed, centre, testTokens);
  }

  /** The run named {@code name}. */
  public PlannedRun run(String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no run '" + name + "' in plan " + this.name));
  }

  /** Whether the centre run, and so the control, is in the plan. */
  public boolean hasCentre() {
    return runs.stream().anyMatch(r -> r.name().equals(centre));
  }

  public PlannedRun centreRun() {
    return run(centre);
  }
}
