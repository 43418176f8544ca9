package dev.scone.training.experiment;

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
 * Runs an {@link ExperimentPlan}: trains each run on the training corpus's TRAIN split (a run whose
 * bundle with the same config is already in the store is reused, so a rerun only evaluates), builds
 * the shuffled-table control from the centre run ({@link ShuffledTable}, into {@code controlDir}),
 * and scores every bundle on each evaluation corpus's TEST split with the serving {@link Scorer}
 * (table rows, main model, sliding window stride context / 2). Not thread-safe; one per process.
 */
public final class ExperimentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
  /** Seeds the control's shuffle. */
  public static final long CONTROL_SEED = 7;

  private final TrainRun trainRun;
  private final Path controlDir;

  /**
   * @param trainRun how runs are trained (token cache, progress)
   * @param controlDir where the control bundle is written (outside the store, so it is never announced)
   */
  public ExperimentRunner(TrainRun trainRun, Path controlDir) {
    this.trainRun = trainRun;
    this.controlDir = controlDir;
  }

  /** One row per run, in plan order, then the control's (when the plan has its centre). */
  public List<ResultRow> run(ExperimentPlan plan, Corpus train, List<Corpus> evaluation) throws IOException {
    List<ResultRow> rows = new ArrayList<>();
    Path centreDir = null;
    for (PlannedRun r : plan.runs()) {
      Path dir = existing(r.config()).orElse(null);
      if (dir == null) {
        LOG.info("training {}", r.name());
        dir = trainRun.run(r.config(), train).directory();
      } else {
        LOG.info("reusing {} from {}", r.name(), dir);
      }
      if (r.name().equals(plan.centre())) centreDir = dir;
      rows.add(evaluate(r.name(), dir, false, evaluation, plan.testTokens()));
    }
    if (centreDir == null) return rows; // a plan cut without its centre has no control
    Path control;
    try (ModelBundle centre = ModelBundle.open(centreDir)) {
      control = ShuffledTable.write(centre, controlDir.resolve(plan.centre() + "-shuffled"), CONTROL_SEED);
    }
    rows.add(evaluate(plan.centre() + "-shuffled", control, true, evaluation, plan.testTokens()));
    return rows;
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

  private static ResultRow evaluate(String name, Path dir, boolean control, List<Corpus> evaluation,
      int testTokens) throws IOException {
    try (ModelBundle bundle = ModelBundle.open(dir)) {
      ModelConfig config = bundle.config();
      ModelCosts costs = new ModelCosts(config);
      TrainEval eval = bundle.manifest().eval(TrainEval.class);
      Map<String, Double> ppl = new LinkedHashMap<>();
      try (ServedBundle served = ServedBundle.open(bundle, Devices.preferred())) {
        for (Corpus c : evaluation) ppl.put(c.name(), perplexity(served, c.documents(Split.TEST), testTokens));
      }
      LOG.info("{}: {}", name, ppl);
      return new ResultRow(name, bundle.vocabulary().size() == 0, control, bundle.vocabulary().size(),
          config.fgramLayers(), costs.mainParameters(), bundle.manifest().rows(),
          costs.inferenceFlopsPerTokenOverWindow(config.contextLength()),
          eval.trainedTokens() / eval.tokensPerSecond(), ppl, dir);
    }
  }

  /**
   * exp(-sum logprob / scored) over the first {@code maxTokens} tokens of {@code documents} (in
   * order; the last document taken is cut), each document scored separately.
   */
  static double perplexity(ServedBundle served, List<Document> documents, int maxTokens) {
    List<int[]> tokens = new ArrayList<>();
    long taken = 0;
    for (Document d : documents) {
      if (taken >= maxTokens) break;
      int[] t = served.tokenizer().encode(d.text());
      if (taken + t.length > maxTokens) t = Arrays.copyOf(t, Math.toIntExact(maxTokens - taken));
      tokens.add(t);
      taken += t.length;
    }
    double logprob = 0;
    long scored = 0;
    for (Score s : served.scorer().scoreAll(tokens)) {
      logprob += s.logprob();
      scored += s.scored();
    }
    return scored == 0 ? Double.NaN : Math.exp(-logprob / scored);
  }
}
