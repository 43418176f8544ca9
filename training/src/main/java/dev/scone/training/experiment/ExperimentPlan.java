package dev.scone.training.experiment;

import dev.scone.model.ModelCosts;

import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Which cells the experiment trains, with their configs, how many seeds each gets and how the
 * families' learning rates are tuned. The grid shares its centre point: baseline M, baseline 2M,
 * SCONE M along the f-gram count axis (middle f-gram model size; the last point is every n-gram
 * seen >= the minimum count, {@link #ALL_FGRAMS}) and at 3 f-gram model sizes (0.5x, 1x, 2x M's
 * layers; centre count); {@link #centre()} is the SCONE cell the controls are built from.
 *
 * <p><b>2M</b> is the baseline with about twice M's inference FLOPs (ModelCosts), made deeper at
 * the same width: the fewest layers that reach 2x over the full GPT-2 vocabulary ({@link
 * #twoMLayers}; the adaptive softmax is a large share of a small model's FLOPs, so this is quick 14
 * and full 9 layers, where the compacted vocabulary needed 8 and 6).
 *
 * <p><b>Method.</b> Each family's rates are chosen on the training corpus's validation split
 * ({@link Tuner}, {@link TuningGrid}: the same number of trials per family, seed 1); every cell is
 * then trained with seeds 1..{@code seeds} at its family's chosen rates, and the test splits are
 * scored once, at the end.
 *
 * <p><b>Sizes.</b> {@link #quick}: d=64, T=64, B=8, {@value #QUICK_STEPS} steps, counts 2k, 8k, all;
 * 7 cells x 3 seeds + 3 extra tuning trials per family, texts cut to {@value #QUICK_TEST_TOKENS}
 * tokens: 14 min 45 s measured on 2 idle cores with 2 workers (34-35 min one model at a time). {@link #full}:
 * d=128, T=128, B=16, {@value #FULL_STEPS} steps, counts 8k..64k and all; baselines and centre x 3 seeds,
 * the 6 axis cells x {@value #FULL_AXIS_SEEDS}, + 9 extra tuning trials, texts cut to {@value #TEST_TOKENS}
 * tokens (README, timings).
 *
 * <p>Immutable.
 *
 * @param name the plan's label ({@code full}, {@code quick}, ...)
 * @param runs the cells, baselines first, each at seed 1 and the preset rates (before tuning)
 * @param centre the name of the SCONE cell the controls use; a plan cut by {@link #only} may lack it
 * @param testTokens each scored text is cut to its first this many tokens (documents in order, the
 *     last one cut), >= 1; {@link Integer#MAX_VALUE} scores all of it
 * @param seeds the baselines and the centre are trained with seeds 1..seeds, >= 1
 * @param axisSeeds the other SCONE cells (the axes) with the first min(seeds, axisSeeds), >= 1: a way to
 *     fit a budget that keeps the comparisons with baseline M and the controls at full strength
 * @param tuning the trials per family; empty: the cells' rates are used as they are
 */
public record ExperimentPlan(String name, List<PlannedRun> runs, String centre, int testTokens, int seeds,
    int axisSeeds, TuningGrid tuning) {

  public ExperimentPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tuning, "tuning");
    if (testTokens < 1) throw new IllegalArgumentException("testTokens must be >= 1, got " + testTokens);
    if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    if (axisSeeds < 1) throw new IllegalArgumentException("axisSeeds must be >= 1, got " + axisSeeds);
    runs = List.copyOf(runs);
    if (runs.stream().anyMatch(r -> r.name().equals(centre) && r.baseline())) {
      throw new IllegalArgumentException("centre '" + centre + "' must name a SCONE run, not a baseline, runs: "
          + runs.stream().map(PlannedRun::name).toList());
    }
  }

  /** The count-axis point "every n-gram seen at least the minimum count times". */
  public static final int ALL_FGRAMS = Integer.MAX_VALUE;
  /** Seeds per cell in the presets. */
  public static final int SEEDS = 3;
  /**
   * Seeds of the full plan's axis cells (the SCONE cells other than the centre): 2 rather than 3 is
   * what fits the grid in 2 hours on 2 cores (3 projected 2 h 10 min, docs/RESULTS.md, "Budgets");
   * the baselines and the centre, which every claim against baseline M and the controls rests on,
   * keep {@link #SEEDS}.
   */
  public static final int FULL_AXIS_SEEDS = 2;
  /** The family names tuning uses. */
  public static final String BASELINE_M = "baseline-M";
  public static final String BASELINE_2M = "baseline-2M";
  public static final String SCONE_FAMILY = "scone";
  /**
   * 0: every model reads and predicts the full GPT-2 vocabulary (an adaptive softmax), so
   * perplexities are over all 50,257 tokens; the grids before issue 14 used 50 (UNK for the rest).
   */
  public static final int VOCAB_MIN_COUNT = 0;
  /** Scored tokens per text in the full plan (SOTU's test split has ~176k, Moby Dick's ~27k). */
  public static final int TEST_TOKENS = 40_000;
  /** Scored tokens per text in the quick plan. */
  public static final int QUICK_TEST_TOKENS = 20_000;
  /**
   * Peak learning rate of every cell before tuning (cosine to a tenth); tuning replaces it per
   * family, and it is used as it is only when the plan's tuning grid is empty.
   */
  public static final double PEAK_LEARNING_RATE = 4e-3;
  /**
   * SCONE runs train their f-gram model at this multiple of {@link #PEAK_LEARNING_RATE} (1e-3):
   * the f-gram model is unstable at the main model's best rate, and at a shared rate SCONE M lost
   * to the tuned baseline (docs/RESULTS.md).
   */
  public static final double FGRAM_LEARNING_RATE_SCALE = 0.25;
  static final int QUICK_STEPS = 600;
  static final int FULL_STEPS = 800;

  /** The full grid on {@code corpus}: M = 2 layers, d=128, T=128, B=16; 2M = 9 layers; 8k..64k and all f-grams. */
  public static ExperimentPlan full(String corpus, Path store) {
    TrainingConfig training = training(FULL_STEPS, 16, 128);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 128, 4, 512, 128)
        .withVocabMinCount(VOCAB_MIN_COUNT);
    return grid("full", m, twoMLayers(m), new int[] {8_000, 16_000, 32_000, 64_000, ALL_FGRAMS}, 32_000, 5, TEST_TOKENS)
        .withSeeds(SEEDS).withAxisSeeds(FULL_AXIS_SEEDS).withTuning(TuningGrid.presets());
  }

  /** The quick grid: M = 2 layers, d=64, T=64, B=8; 2M = 14 layers; 2k, 8k and all f-grams. */
  public static ExperimentPlan quick(String corpus, Path store) {
    TrainingConfig training = training(QUICK_STEPS, 8, 64);
    TrainRunConfig m = TrainRunConfig.defaults(corpus, store).withTraining(training).withModel(2, 64, 4, 256, 64)
        .withVocabMinCount(VOCAB_MIN_COUNT);
    return grid("quick", m, twoMLayers(m), new int[] {2_000, 8_000, ALL_FGRAMS}, 8_000, 5, QUICK_TEST_TOKENS)
        .withSeeds(SEEDS).withTuning(TuningGrid.presets());
  }

  /**
   * The fewest layers at which {@code m}'s baseline, otherwise unchanged, has at least twice M's
   * inference FLOPs per token over the full GPT-2 vocabulary (context-window average, ModelCosts).
   */
  static int twoMLayers(TrainRunConfig m) {
    int vocab = 50_257;
    double target = 2 * flops(m, m.layers(), vocab);
    int layers = m.layers() + 1;
    while (flops(m, layers, vocab) < target) layers++;
    return layers;
  }

  private static double flops(TrainRunConfig m, int layers, int vocab) {
    TrainRunConfig c = m.withModel(layers, m.dModel(), m.heads(), m.mlpHidden(), m.contextLength());
    return new ModelCosts(c.modelConfig(vocab)).inferenceFlopsPerTokenOverWindow(c.contextLength());
  }

  /**
   * The shared-centre grid around {@code m} (whose layers L define M): f-gram model layers
   * max(1, L/2), L, 2L; the centre is the third count at L layers; 2M has 2L layers; every test
   * token is scored; one seed, no tuning.
   */
  public static ExperimentPlan grid(String name, TrainRunConfig m, int[] counts, long minCount) {
    return grid(name, m, 2 * m.layers(), counts, counts[Math.min(2, counts.length - 1)], minCount, Integer.MAX_VALUE);
  }

  /**
   * The grid with 2M at {@code twoMLayers} layers, the size axis at {@code centreCount} f-grams
   * (one of {@code counts}), scoring the first {@code testTokens} of each text; one seed, no tuning.
   */
  public static ExperimentPlan grid(String name, TrainRunConfig m, int twoMLayers, int[] counts, int centreCount,
      long minCount, int testTokens) {
    if (counts.length < 3) throw new IllegalArgumentException("need >= 3 f-gram counts, got " + counts.length);
    if (java.util.Arrays.stream(counts).noneMatch(c -> c == centreCount)) {
      throw new IllegalArgumentException("centre count " + centreCount + " is not on the count axis");
    }
    int layers = m.layers();
    List<PlannedRun> runs = new ArrayList<>();
    TrainRunConfig base = m.withFgrams(0, m.maxN(), 0, minCount, null);
    runs.add(new PlannedRun(BASELINE_M, base));
    runs.add(new PlannedRun(BASELINE_2M,
        base.withModel(twoMLayers, m.dModel(), m.heads(), m.mlpHidden(), m.contextLength())));
    for (int s : counts) runs.add(scone(m, layers, s, minCount));
    for (int f : new int[] {Math.max(1, layers / 2), 2 * layers}) runs.add(scone(m, f, centreCount, minCount));
    return new ExperimentPlan(name, runs, sconeName(layers, centreCount), testTokens, 1, Integer.MAX_VALUE,
        TuningGrid.none());
  }

  private static PlannedRun scone(TrainRunConfig m, int fgramLayers, int count, long minCount) {
    TrainRunConfig c = m.withFgrams(fgramLayers, m.maxN(), count, minCount, null);
    return new PlannedRun(sconeName(fgramLayers, count),
        c.withTraining(c.training().withFgramLearningRateScale(FGRAM_LEARNING_RATE_SCALE)));
  }

  static String sconeName(int fgramLayers, int count) {
    String s = count == ALL_FGRAMS ? "all" : count % 1000 == 0 ? (count / 1000) + "k" : Integer.toString(count);
    return "scone-M-" + s + "-f" + fgramLayers;
  }

  /**
   * The presets' schedule, evaluation only at the end, no checkpoints, one intra-op thread: the
   * runner trains several models side by side instead ({@link ModelWorkers}). A model trained with 2
   * threads (the presets before 2026-12-06) has another config, so it is not reused.
   */
  static TrainingConfig training(int steps, int batch, int window) {
    return schedule(TrainingConfig.defaults().withBatch(batch, window), steps, PEAK_LEARNING_RATE)
        .withEvaluation(0, 8).withCheckpointEvery(0).withSeed(1).withThreads(ModelWorkers.THREADS_PER_WORKER);
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
    return new ExperimentPlan(name, kept, centre, testTokens, seeds, axisSeeds, tuning);
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
    return map(c -> withPeakLearningRate(c, peak));
  }

  /** {@code config} at peak rate {@code peak}, decaying to a tenth of it, its other knobs unchanged. */
  public static TrainRunConfig withPeakLearningRate(TrainRunConfig config, double peak) {
    return config.withTraining(schedule(config.training(), config.training().steps(), peak));
  }

  /** This plan with every cell trained with seeds 1..{@code seeds}. */
  public ExperimentPlan withSeeds(int seeds) {
    return new ExperimentPlan(name, runs, centre, testTokens, seeds, axisSeeds, tuning);
  }

  /** This plan with the axis cells (SCONE cells other than the centre) trained with at most {@code n} seeds. */
  public ExperimentPlan withAxisSeeds(int n) {
    return new ExperimentPlan(name, runs, centre, testTokens, seeds, n, tuning);
  }

  /** How many seeds {@code run} gets: all for the baselines and the centre, at most axisSeeds for the rest. */
  public int seedsOf(PlannedRun run) {
    return run.baseline() || run.name().equals(centre) ? seeds : Math.min(seeds, axisSeeds);
  }

  /** This plan tuned with {@code grid} ({@link TuningGrid#none()}: the cells' rates as they are). */
  public ExperimentPlan withTuning(TuningGrid grid) {
    return new ExperimentPlan(name, runs, centre, testTokens, seeds, axisSeeds, grid);
  }

  /** This plan with each text cut to its first {@code tokens} tokens. */
  public ExperimentPlan withTestTokens(int tokens) {
    return new ExperimentPlan(name, runs, centre, tokens, seeds, axisSeeds, tuning);
  }

  /**
   * This plan with every SCONE run's f-gram model training at {@code scale} x the learning rate.
   * Baselines, which have no f-gram model, keep their configs (and so their stored bundles).
   */
  public ExperimentPlan withFgramLearningRateScale(double scale) {
    return map(c -> c.baseline() ? c : c.withTraining(c.training().withFgramLearningRateScale(scale)));
  }

  /**
   * This plan with every cell seeded by {@code seed} (initialisation, sampling, dropout) and one
   * seed per cell: to rerun one seed alone.
   */
  public ExperimentPlan withSeed(long seed) {
    return map(c -> seeded(c, seed)).withSeeds(1);
  }

  /**
   * The config of {@code run}'s {@code index}-th seed (0-based): the cell's own seed + index, so
   * the presets' cells train with seeds 1..seeds and a plan moved by {@link #withSeed} starts there.
   */
  public static TrainRunConfig atSeed(PlannedRun run, int index) {
    return seeded(run.config(), run.config().seed() + index);
  }

  /** {@code config} with initialisation and sampling seeded by {@code seed}. */
  public static TrainRunConfig seeded(TrainRunConfig config, long seed) {
    return config.withSeed(seed).withTraining(config.training().withSeed(seed));
  }

  /**
   * This plan with each family's chosen trial applied: baseline M's and 2M's to those cells, the
   * SCONE family's to every SCONE cell. A family missing from {@code chosen} keeps its rates.
   */
  public ExperimentPlan withChosen(java.util.Map<String, TuningGrid.Trial> chosen) {
    return map(c -> {
      String family = familyOf(c);
      TuningGrid.Trial t = chosen.get(family);
      return t == null ? c : Tuner.apply(c, t);
    });
  }

  /** The tuning family of a cell: 2M is told from M by its depth. */
  String familyOf(TrainRunConfig config) {
    if (!config.baseline()) return SCONE_FAMILY;
    PlannedRun m = runs.stream().filter(r -> r.name().equals(BASELINE_M)).findFirst().orElse(null);
    return m != null && m.config().layers() == config.layers() ? BASELINE_M : BASELINE_2M;
  }

  private ExperimentPlan map(UnaryOperator<TrainRunConfig> change) {
    List<PlannedRun> changed = runs.stream().map(r -> new PlannedRun(r.name(), change.apply(r.config()))).toList();
    return new ExperimentPlan(name, changed, centre, testTokens, seeds, axisSeeds, tuning);
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
