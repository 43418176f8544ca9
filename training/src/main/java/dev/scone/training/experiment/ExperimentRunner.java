package dev.scone.training.experiment;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.model.Devices;
import dev.scone.model.ModelConfig;
import dev.scone.model.ModelCosts;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import dev.scone.training.run.TrainEval;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExperimentPlan} in three stages that keep the test texts out of every choice:
 * <ol>
 *   <li>tune: each family's trials are trained and scored on the training corpus's validation split
 *       ({@link Tuner}); the lowest wins;
 *   <li>train: every cell at every seed, at its family's chosen rates (a bundle with the same config
 *       already in the store is reused, so a rerun only evaluates, and the tuning trial of seed 1
 *       at the chosen rates is the cell's first seed);
 *   <li>score: every model, then the centre's controls per seed (shuffled rows, {@link ShuffledTable};
 *       mean-of-token rows, {@link MeanTokenTable}; into {@code controlDir}), on each text once, with
 *       the serving {@link Scorer} (table rows, main model, sliding window stride context / 2); the
 *       centre's and baseline M's scores also give the {@link PositionSplit}.
 * </ol>
 * Each stage runs its models on {@link ModelWorkers} (several at once when asked). With more than
 * one worker, every model is trained in a child JVM, one model per JVM at a time, a child per worker
 * kept from job to job ({@link TrainingProcesses}; job files and logs in {@code controlDir}'s
 * sibling {@code jobs}): models trained side by side in one JVM were not reproducible. Scoring
 * stays in this JVM. Not thread-safe; one per process.
 */
public final class ExperimentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
  /** Seeds the shuffled control's permutation. */
  public static final long CONTROL_SEED = 7;
  public static final String SHUFFLED = "-shuffled";
  public static final String MEAN_TOKENS = "-mean-tokens";
  /** Every model reads and predicts the GPT-2 vocabulary; only a cost estimate uses it. */
  private static final int GPT2_VOCAB = 50_257;

  private final TrainRun trainRun;
  private final Path controlDir;
  private final int workers;
  private final boolean showProgress;

  /**
   * One model at a time, in the calling thread, no progress of its own.
   *
   * @param trainRun how runs are trained (token cache, progress)
   * @param controlDir where the control bundles are written (outside the store, so never announced)
   */
  public ExperimentRunner(TrainRun trainRun, Path controlDir) {
    this(trainRun, controlDir, 1, false);
  }

  /**
   * @param workers models trained or scored at once, each on one intra-op thread ({@link ModelWorkers});
   *     1: one after the other in the calling thread
   * @param showProgress draw a bar of jobs done for each stage (tune, train, score)
   */
  public ExperimentRunner(TrainRun trainRun, Path controlDir, int workers, boolean showProgress) {
    this.trainRun = trainRun;
    this.controlDir = controlDir;
    this.workers = workers;
    this.showProgress = showProgress;
  }

  /** Tunes, trains every cell at every seed, then scores each model and control on {@code texts}. */
  public ExperimentResults run(ExperimentPlan plan, Corpus train, List<EvalText> texts) throws IOException {
    try (ModelWorkers pool = ModelWorkers.start(workers, showProgress);
        TrainingProcesses children = workers > 1 ? new TrainingProcesses(controlDir.resolveSibling("jobs"), train,
            trainRun.tokenCache(), trainRun.validationTargets(), childHeapMb(), showProgress) : null) {
      Tuner.Trainer trainer = children != null ? children::train : c -> trainRun.run(c, train).directory();
      return run(plan, train, texts, pool, trainer);
    }
  }

  /** A child gets this JVM's heap limit: each held a share of it before, now each has its own. */
  private static int childHeapMb() {
    return (int) Math.max(512, Runtime.getRuntime().maxMemory() >> 20);
  }

  private ExperimentResults run(ExperimentPlan plan, Corpus train, List<EvalText> texts, ModelWorkers pool,
      Tuner.Trainer trainer) throws IOException {
    Tuner tuner = new Tuner(c -> trainOrReuse(c, trainer),
        (bundle, split) -> splitPerplexity(bundle, train, split, plan.testTokens()));
    List<Tuner.Result> tuning = tune(plan, tuner, pool);
    Map<String, TuningGrid.Trial> chosen = new LinkedHashMap<>();
    for (Tuner.Result r : tuning) chosen.put(r.family(), r.chosen());
    ExperimentPlan tuned = plan.withChosen(chosen);

    List<PlannedRun> models = new ArrayList<>();
    for (PlannedRun r : tuned.runs()) {
      for (int i = 0; i < tuned.seedsOf(r); i++) models.add(new PlannedRun(r.name(), ExperimentPlan.atSeed(r, i)));
    }
    List<TrainRunConfig> configs = models.stream().map(PlannedRun::config).distinct().toList();
    List<Path> trained = pool.map("train", configs, ExperimentRunner::trainingCost, c -> trainOrReuse(c, trainer));
    Map<TrainRunConfig, Path> dirOf = new LinkedHashMap<>();
    for (int i = 0; i < configs.size(); i++) dirOf.put(configs.get(i), trained.get(i));

    List<Evaluated> evaluated = pool.map("score", models, m -> trainingCost(m.config()),
        m -> evaluate(m.name(), m.config().seed(), dirOf.get(m.config()), false, texts, plan.testTokens()));
    List<ResultRow> rows = new ArrayList<>(evaluated.stream().map(Evaluated::row).toList());
    List<Evaluated> centre = new ArrayList<>();
    Map<Long, Evaluated> baselineBySeed = new LinkedHashMap<>();
    for (int k = 0; k < models.size(); k++) {
      PlannedRun m = models.get(k);
      if (m.name().equals(tuned.centre())) centre.add(evaluated.get(k));
      if (m.name().equals(ExperimentPlan.BASELINE_M)) baselineBySeed.put(m.config().seed(), evaluated.get(k));
    }
    rows.addAll(controls(tuned.centre(), centre.stream().map(e -> e.row().bundle()).toList(),
        centre.stream().map(e -> e.row().seed()).toList(), texts, plan.testTokens(), pool));
    List<DomainDiagnostics> diagnostics = centre.isEmpty() ? List.of()
        : diagnostics(centre.get(0).row().bundle(), texts, plan.testTokens());
    List<PositionSplit> splits = positionSplits(centre, baselineBySeed, texts, plan.testTokens());
    return new ExperimentResults(tuned, tuning, rows, diagnostics, splits, texts.stream().map(EvalText::name).toList(),
        texts.stream().filter(EvalText::otherDomain).map(EvalText::name).toList());
  }

  /** A model's row and its per-document scores on each text (by name), kept for {@link PositionSplit}. */
  private record Evaluated(ResultRow row, Map<String, List<Score>> scores) {}

  /**
   * A training run's cost relative to others: tokens trained times the main model's inference FLOPs
   * per token plus twice the f-gram model's parameters (its forward at f-gram positions); only the
   * order matters (the costliest jobs start first).
   */
  static double trainingCost(TrainRunConfig c) {
    ModelCosts costs = new ModelCosts(c.modelConfig(GPT2_VOCAB));
    double perToken = costs.inferenceFlopsPerTokenOverWindow(c.contextLength()) + 2.0 * costs.fgramModelParameters();
    return perToken * c.training().steps() * c.training().batchSize() * c.training().seqLen();
  }

  /** The families of the plan that tuning covers: baseline M, baseline 2M, SCONE (on the centre). */
  private static List<Tuner.Result> tune(ExperimentPlan plan, Tuner tuner, ModelWorkers pool) throws IOException {
    if (plan.tuning().isEmpty()) return List.of();
    List<Tuner.Family> families = new ArrayList<>();
    for (String family : List.of(ExperimentPlan.BASELINE_M, ExperimentPlan.BASELINE_2M)) {
      Optional<PlannedRun> r = plan.runs().stream().filter(p -> p.name().equals(family)).findFirst();
      if (r.isPresent()) {
        families.add(new Tuner.Family(family, ExperimentPlan.atSeed(r.get(), 0), plan.tuning().baseline()));
      }
    }
    Optional<PlannedRun> scone = plan.hasCentre() ? Optional.of(plan.centreRun())
        : plan.runs().stream().filter(p -> !p.baseline()).findFirst();
    if (scone.isPresent()) {
      families.add(new Tuner.Family(ExperimentPlan.SCONE_FAMILY, ExperimentPlan.atSeed(scone.get(), 0),
          plan.tuning().scone()));
    }
    return tuner.tune(families, pool);
  }

  private List<ResultRow> controls(String centre, List<Path> centreDirs, List<Long> seeds, List<EvalText> texts,
      int testTokens, ModelWorkers pool) throws IOException {
    record Control(String name, long seed, Path dir) {}
    List<Control> shuffled = new ArrayList<>();
    List<Control> mean = new ArrayList<>();
    for (int i = 0; i < centreDirs.size(); i++) {
      try (ModelBundle b = ModelBundle.open(centreDirs.get(i))) {
        long seed = seeds.get(i);
        shuffled.add(new Control(centre + SHUFFLED, seed,
            ShuffledTable.write(b, controlDir.resolve(centre + SHUFFLED + "-s" + seed), CONTROL_SEED)));
        mean.add(new Control(centre + MEAN_TOKENS, seed,
            MeanTokenTable.write(b, controlDir.resolve(centre + MEAN_TOKENS + "-s" + seed))));
      }
    }
    List<Control> all = new ArrayList<>(shuffled);
    all.addAll(mean);
    return pool.map("score controls", all, c -> 1.0, c -> evaluate(c.name(), c.seed(), c.dir(), true, texts, testTokens))
        .stream().map(Evaluated::row).toList();
  }

  private static List<DomainDiagnostics> diagnostics(Path centre, List<EvalText> texts, int testTokens)
      throws IOException {
    List<DomainDiagnostics> out = new ArrayList<>();
    try (ModelBundle b = ModelBundle.open(centre);
        ServedBundle served = ServedBundle.open(b, Devices.preferred())) {
      for (EvalText t : texts) out.add(DomainDiagnostics.measure(b, served.tokenizer(), t, testTokens));
    }
    return out;
  }

  /** The centre against baseline M at every seed both have (none: no split), from the scores already made. */
  private static List<PositionSplit> positionSplits(List<Evaluated> centre, Map<Long, Evaluated> baselineBySeed,
      List<EvalText> texts, int testTokens) throws IOException {
    List<Path> scone = new ArrayList<>();
    List<Map<String, List<Score>>> sconeScores = new ArrayList<>();
    List<Map<String, List<Score>>> baselineScores = new ArrayList<>();
    for (Evaluated c : centre) {
      Evaluated b = baselineBySeed.get(c.row().seed());
      if (b == null) continue;
      scone.add(c.row().bundle());
      sconeScores.add(c.scores());
      baselineScores.add(b.scores());
    }
    return scone.isEmpty() ? List.of() : PositionSplit.measure(scone, sconeScores, baselineScores, texts, testTokens);
  }

  /** The bundle of {@code config}: reused from the store when one was trained with it, else trained now. */
  private static Path trainOrReuse(TrainRunConfig config, Tuner.Trainer trainer) throws IOException {
    Optional<Path> dir = existing(config);
    if (dir.isPresent()) {
      LOG.info("reusing {} seed {} from {}", config.baseline() ? "baseline" : "scone", config.seed(), dir.get());
      return dir.get();
    }
    return trainer.train(config);
  }

  /** The newest bundle in the config's store trained with exactly {@code config}, if any. */
  static Optional<Path> existing(TrainRunConfig config) throws IOException {
    BundleStore store = BundleStore.at(config.store());
    List<Long> versions = new ArrayList<>(store.list());
    List<Long> unreadable = new ArrayList<>();
    String reason = null;
    Optional<Path> found = Optional.empty();
    for (int i = versions.size() - 1; i >= 0 && found.isEmpty(); i--) {
      try (ModelBundle b = store.open(versions.get(i))) {
        if (config.equals(b.manifest().trainingConfig(TrainRunConfig.class))) found = Optional.of(b.directory());
      } catch (IOException | RuntimeException e) {
        unreadable.add(versions.get(i)); // e.g. written before a training-config field existed
        reason = e.getMessage();
      }
    }
    if (!unreadable.isEmpty()) {
      LOG.warn("{} bundle(s) of {} not considered for reuse ({}...): {}", unreadable.size(), store,
          unreadable.subList(0, Math.min(5, unreadable.size())), reason);
    }
    return found;
  }

  /** Serving-path perplexity of a bundle on one split of the training corpus (tuning asks for VALIDATION). */
  static double splitPerplexity(Path dir, Corpus corpus, Split split, int maxTokens) throws IOException {
    try (ModelBundle bundle = ModelBundle.open(dir);
        ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
      return perplexity(served, corpus.documents(split), maxTokens);
    }
  }

  private static Evaluated evaluate(String name, long seed, Path dir, boolean control, List<EvalText> texts,
      int testTokens) throws IOException {
    try (ModelBundle bundle = ModelBundle.open(dir)) {
      ModelConfig config = bundle.config();
      ModelCosts costs = new ModelCosts(config);
      TrainEval eval = bundle.manifest().eval(TrainEval.class);
      Map<String, Double> ppl = new LinkedHashMap<>();
      Map<String, List<Score>> scores = new LinkedHashMap<>();
      try (ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
        for (EvalText t : texts) {
          List<Score> s = served.scorer().scoreAll(tokens(served.tokenizer(), t.documents(), testTokens));
          scores.put(t.name(), s);
          ppl.put(t.name(), perplexity(s));
        }
      }
      LOG.info("{} seed {}: {}", name, seed, ppl);
      return new Evaluated(new ResultRow(name, seed, bundle.vocabulary().size() == 0, control,
          bundle.vocabulary().size(), config.fgramLayers(), costs.mainParameters(), bundle.manifest().rows(),
          costs.inferenceFlopsPerTokenOverWindow(config.contextLength()),
          eval.trainedTokens() / eval.tokensPerSecond(), ppl, dir), scores);
    }
  }

  /** The documents' tokens, in order, cut so that at most {@code maxTokens} are kept (the last document taken is cut). */
  static List<int[]> tokens(Tokenizer tokenizer, List<Document> documents, int maxTokens) {
    List<int[]> tokens = new ArrayList<>();
    long taken = 0;
    for (Document d : documents) {
      if (taken >= maxTokens) break;
      int[] t = tokenizer.encode(d.text());
      if (taken + t.length > maxTokens) t = Arrays.copyOf(t, Math.toIntExact(maxTokens - taken));
      if (t.length == 0) continue;
      tokens.add(t);
      taken += t.length;
    }
    return tokens;
  }

  /**
   * exp(-sum logprob / scored) over the first {@code maxTokens} tokens of {@code documents} (in
   * order; the last document taken is cut), each document scored separately.
   */
  static double perplexity(ServedBundle served, List<Document> documents, int maxTokens) {
    return perplexity(served.scorer().scoreAll(tokens(served.tokenizer(), documents, maxTokens)));
  }

  /** exp(-sum logprob / scored) over the documents' scores; NaN when nothing was scored. */
  private static double perplexity(List<Score> scores) {
    double logprob = 0;
    long scored = 0;
    for (Score s : scores) {
      logprob += s.logprob();
      scored += s.scored();
    }
    return scored == 0 ? Double.NaN : Math.exp(-logprob / scored);
  }
}
