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
 *       the serving {@link Scorer} (table rows, main model, sliding window stride context / 2).
 * </ol>
 * Not thread-safe; one per process.
 */
public final class ExperimentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
  /** Seeds the shuffled control's permutation. */
  public static final long CONTROL_SEED = 7;
  public static final String SHUFFLED = "-shuffled";
  public static final String MEAN_TOKENS = "-mean-tokens";

  private final TrainRun trainRun;
  private final Path controlDir;

  /**
   * @param trainRun how runs are trained (token cache, progress)
   * @param controlDir where the control bundles are written (outside the store, so never announced)
   */
  public ExperimentRunner(TrainRun trainRun, Path controlDir) {
    this.trainRun = trainRun;
    this.controlDir = controlDir;
  }

  /** Tunes, trains every cell at every seed, then scores each model and control on {@code texts}. */
  public ExperimentResults run(ExperimentPlan plan, Corpus train, List<EvalText> texts) throws IOException {
    Tuner tuner = new Tuner(c -> trainOrReuse(c, train),
        (bundle, split) -> splitPerplexity(bundle, train, split, plan.testTokens()));
    List<Tuner.Result> tuning = tune(plan, tuner);
    Map<String, TuningGrid.Trial> chosen = new LinkedHashMap<>();
    for (Tuner.Result r : tuning) chosen.put(r.family(), r.chosen());
    ExperimentPlan tuned = plan.withChosen(chosen);

    List<PlannedRun> models = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (PlannedRun r : tuned.runs()) {
      for (int i = 0; i < tuned.seedsOf(r); i++) {
        TrainRunConfig c = ExperimentPlan.atSeed(r, i);
        models.add(new PlannedRun(r.name(), c));
        dirs.add(trainOrReuse(c, train));
      }
    }
    List<ResultRow> rows = new ArrayList<>();
    List<Path> centreDirs = new ArrayList<>();
    List<Long> centreSeeds = new ArrayList<>();
    Map<Long, Path> baselineBySeed = new LinkedHashMap<>();
    for (int k = 0; k < models.size(); k++) {
      PlannedRun m = models.get(k);
      rows.add(evaluate(m.name(), m.config().seed(), dirs.get(k), false, texts, plan.testTokens()));
      if (m.name().equals(tuned.centre())) {
        centreDirs.add(dirs.get(k));
        centreSeeds.add(m.config().seed());
      }
      if (m.name().equals(ExperimentPlan.BASELINE_M)) baselineBySeed.put(m.config().seed(), dirs.get(k));
    }
    rows.addAll(controls(tuned.centre(), centreDirs, centreSeeds, texts, plan.testTokens()));
    List<DomainDiagnostics> diagnostics = centreDirs.isEmpty() ? List.of()
        : diagnostics(centreDirs.get(0), texts, plan.testTokens());
    List<PositionSplit> splits = positionSplits(centreDirs, centreSeeds, baselineBySeed, texts, plan.testTokens());
    return new ExperimentResults(tuned, tuning, rows, diagnostics, splits, texts.stream().map(EvalText::name).toList(),
        texts.stream().filter(EvalText::otherDomain).map(EvalText::name).toList());
  }

  /** The families of the plan that tuning covers: baseline M, baseline 2M, SCONE (on the centre). */
  private static List<Tuner.Result> tune(ExperimentPlan plan, Tuner tuner) throws IOException {
    if (plan.tuning().isEmpty()) return List.of();
    List<Tuner.Result> results = new ArrayList<>();
    for (String family : List.of(ExperimentPlan.BASELINE_M, ExperimentPlan.BASELINE_2M)) {
      Optional<PlannedRun> r = plan.runs().stream().filter(p -> p.name().equals(family)).findFirst();
      if (r.isPresent()) results.add(tuner.tune(family, ExperimentPlan.atSeed(r.get(), 0), plan.tuning().baseline()));
    }
    Optional<PlannedRun> scone = plan.hasCentre() ? Optional.of(plan.centreRun())
        : plan.runs().stream().filter(p -> !p.baseline()).findFirst();
    if (scone.isPresent()) {
      results.add(tuner.tune(ExperimentPlan.SCONE_FAMILY, ExperimentPlan.atSeed(scone.get(), 0), plan.tuning().scone()));
    }
    return results;
  }

  private List<ResultRow> controls(String centre, List<Path> centreDirs, List<Long> seeds, List<EvalText> texts,
      int testTokens) throws IOException {
    List<ResultRow> rows = new ArrayList<>();
    List<Path> shuffled = new ArrayList<>();
    List<Path> mean = new ArrayList<>();
    for (int i = 0; i < centreDirs.size(); i++) {
      try (ModelBundle b = ModelBundle.open(centreDirs.get(i))) {
        shuffled.add(ShuffledTable.write(b, controlDir.resolve(centre + SHUFFLED + "-s" + seeds.get(i)), CONTROL_SEED));
        mean.add(MeanTokenTable.write(b, controlDir.resolve(centre + MEAN_TOKENS + "-s" + seeds.get(i))));
      }
    }
    for (int i = 0; i < shuffled.size(); i++) {
      rows.add(evaluate(centre + SHUFFLED, seeds.get(i), shuffled.get(i), true, texts, testTokens));
    }
    for (int i = 0; i < mean.size(); i++) {
      rows.add(evaluate(centre + MEAN_TOKENS, seeds.get(i), mean.get(i), true, texts, testTokens));
    }
    return rows;
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

  /** The centre against baseline M at every seed both have (none: no split). */
  private static List<PositionSplit> positionSplits(List<Path> centreDirs, List<Long> centreSeeds,
      Map<Long, Path> baselineBySeed, List<EvalText> texts, int testTokens) throws IOException {
    List<Path> scone = new ArrayList<>();
    List<Path> baseline = new ArrayList<>();
    for (int i = 0; i < centreDirs.size(); i++) {
      Path b = baselineBySeed.get(centreSeeds.get(i));
      if (b == null) continue;
      scone.add(centreDirs.get(i));
      baseline.add(b);
    }
    return scone.isEmpty() ? List.of() : PositionSplit.measure(scone, baseline, texts, testTokens);
  }

  /** The bundle of {@code config}: reused from the store when one was trained with it, else trained now. */
  private Path trainOrReuse(TrainRunConfig config, Corpus train) throws IOException {
    Optional<Path> dir = existing(config);
    if (dir.isPresent()) {
      LOG.info("reusing {} seed {} from {}", config.baseline() ? "baseline" : "scone", config.seed(), dir.get());
      return dir.get();
    }
    return trainRun.run(config, train).directory();
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

  private static ResultRow evaluate(String name, long seed, Path dir, boolean control, List<EvalText> texts,
      int testTokens) throws IOException {
    try (ModelBundle bundle = ModelBundle.open(dir)) {
      ModelConfig config = bundle.config();
      ModelCosts costs = new ModelCosts(config);
      TrainEval eval = bundle.manifest().eval(TrainEval.class);
      Map<String, Double> ppl = new LinkedHashMap<>();
      try (ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
        for (EvalText t : texts) ppl.put(t.name(), perplexity(served, t.documents(), testTokens));
      }
      LOG.info("{} seed {}: {}", name, seed, ppl);
      return new ResultRow(name, seed, bundle.vocabulary().size() == 0, control, bundle.vocabulary().size(),
          config.fgramLayers(), costs.mainParameters(), bundle.manifest().rows(),
          costs.inferenceFlopsPerTokenOverWindow(config.contextLength()),
          eval.trainedTokens() / eval.tokensPerSecond(), ppl, dir);
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
    double logprob = 0;
    long scored = 0;
    for (Score s : served.scorer().scoreAll(tokens(served.tokenizer(), documents, maxTokens))) {
      logprob += s.logprob();
      scored += s.scored();
    }
    return scored == 0 ? Double.NaN : Math.exp(-logprob / scored);
  }
}
