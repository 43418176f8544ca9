package dev.scone.cli;

import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusCatalog;
import dev.scone.training.corpus.CorpusSpec;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.corpus.Split;
import dev.scone.training.experiment.DomainRefresh;
import dev.scone.training.experiment.EvalText;
import dev.scone.training.experiment.ExperimentPlan;
import dev.scone.training.experiment.ExperimentReport;
import dev.scone.training.experiment.ExperimentResults;
import dev.scone.training.experiment.ExperimentRunner;
import dev.scone.training.experiment.ModelWorkers;
import dev.scone.training.experiment.ResultsPlots;
import dev.scone.training.experiment.TuningGrid;
import dev.scone.training.run.TrainRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scone experiment}: the baseline-vs-SCONE grid ({@link ExperimentPlan}): each family's
 * learning rates tuned on the training corpus's validation split (SOTU by default; --corpus mix recommended), every cell trained with several seeds, then
 * scored once on the SOTU and Moby Dick test splits and on texts of other domains (program source,
 * e-mail); writes {@code RESULTS.md} and three PNG plots into {@code --out}. Bundles already in the
 * experiment's store with the same config are reused, so a rerun only evaluates.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the baseline-vs-SCONE grid and write docs/RESULTS.md.",
      "Tunes each family's learning rates on the training corpus's validation split (the same number of trials each), trains"
          + " baseline M, baseline 2M and SCONE M (f-gram count axis up to every n-gram seen >= 5 times, 3 f-gram"
          + " model sizes) with --seeds seeds each, scores them, a shuffled and a mean-of-tokens control on the"
          + " SOTU and Moby Dick test splits and on other-domain texts, and writes RESULTS.md and PNG plots with"
          + " error bars. How long each takes on 2 idle cores: README, \"How long things take\"."
    })
public final class ExperimentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "The small grid (d=64, 600 steps, 2k, 8k, all f-grams) instead of the full one.")
  boolean quick;

  // The default is SOTU, as for every --corpus (CorpusName.DEFAULT). Trained on SOTU alone, SCONE's
  // f-gram rows did not beat baseline M on text of other genres; on the mix they do
  // (docs/DESIGN-NOTES.md, "Training on a mix of genres"), so docs/full and docs/quick-mix are --corpus mix.
  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class, paramLabel = "NAME",
      description = "What every model trains on and is tuned on (its train and validation splits): sotu, or mix"
          + " (SOTU + Moby Dick + e-mail + program source; never the scored other-domain texts), which docs/full"
          + " uses. The scored texts are the same either way.")
  String corpus;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the experiment keeps its bundles"
      + " (DIR/store/CORPUS-VERSION) and the controls (DIR/controls). Default: <scone cache>/experiment-full or -quick.")
  Path workDir;

  @Option(names = "--out", defaultValue = "docs", paramLabel = "DIR", description = "Where RESULTS.md and the plots go.")
  Path out;

  @Option(names = "--only", split = ",", paramLabel = "RUN",
      description = "Train and score only these cells of the plan (comma-separated names, e.g."
          + " baseline-M,scone-M-8k-f2; without the centre SCONE cell there are no controls and no plots).")
  List<String> only;

  @Option(names = "--steps", description = "Train every run this many steps instead of the plan's"
      + " (warm-up a tenth); bundles of other lengths in the store are not reused.")
  Integer steps;

  @Option(names = "--lr", description = "Peak learning rate of every run, instead of tuning it on the"
      + " validation split (the cosine decays to a tenth of it).")
  Double learningRate;

  @Option(names = "--fgram-lr-scale", description = "Train the f-gram model at this multiple of the learning"
      + " rate (the main model at 1x), in (0, 1], instead of tuning it.")
  Double fgramLearningRateScale;

  @Option(names = "--seeds", description = "Seeds per cell (seeds 1..N, or from --seed on); intervals need >= 2.")
  Integer seeds;

  @Option(names = "--axis-seeds", description = "At most this many seeds for the axis cells (SCONE cells other"
      + " than the centre); the baselines and the centre keep --seeds. To fit a budget.")
  Integer axisSeeds;

  @Option(names = "--seed", description = "The first seed instead of 1 (with --seeds 1: rerun one seed alone).")
  Long seed;

  @Option(names = "--no-tuning", description = "Use the plan's learning rates (4e-3, f-gram scale 0.25) as they"
      + " are instead of tuning them on the validation split.")
  boolean noTuning;

  @Option(names = "--test-tokens", description = "Score the first this many tokens of each text instead of the"
      + " plan's (quick 20,000, full 40,000).")
  Integer testTokens;

  @Option(names = "--no-other-domains", description = "Score only the SOTU and Moby Dick test splits (no fetch of"
      + " the other-domain packages).")
  boolean noOtherDomains;

  @Option(names = "--no-refresh", description = "Skip trying the vocabulary-refresh path on the other-domain texts.")
  boolean noRefresh;

  @Option(names = "--workers", defaultValue = "0", description = "Models trained or scored at once, each on one"
      + " PyTorch thread, each trained in a JVM of its own when more than one (results do not depend on it);"
      + " 0: one per core, at most 4.")
  int workers;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws IOException {
    if (workers < 0) {
      throw new ParameterException(spec.commandLine(), "--workers must be >= 0 (0: one per core), got " + workers);
    }
    int pool = workers > 0 ? workers : ModelWorkers.defaultWorkers(Runtime.getRuntime().availableProcessors());
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    Path dir = workDir != null ? workDir : SconeCache.root().resolve(quick ? "experiment-quick" : "experiment-full");
    Corpus trainedOn = Corpora.load(corpus);
    ExperimentPlan plan = plan(storeOf(dir, trainedOn));
    List<EvalText> texts = new ArrayList<>(List.of(EvalText.testSplit(Corpora.load("sotu")),
        EvalText.testSplit(Corpora.load("moby-dick"))));
    if (!noOtherDomains) {
      for (CorpusSpec c : CorpusCatalog.otherDomains()) texts.add(EvalText.otherDomain(Corpora.load(c.name())));
    }
    // Side by side, the runs' own bars would overwrite each other: the stages draw one bar of jobs instead.
    ExperimentRunner runner = new ExperimentRunner(trainRun(plan, progress.show() && pool == 1), dir.resolve("controls"),
        pool, progress.show() && pool > 1);
    ExperimentResults results = runner.run(plan, trainedOn, texts);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    Files.createDirectories(out);
    List<Path> plots = plan.hasCentre() ? ResultsPlots.write(results, out) : List.of();
    String report = ExperimentReport.markdown(results, "scone experiment" + (quick ? " --quick" : "") + overrides(),
        wall, !plots.isEmpty());
    if (!noRefresh) report += refresh(results, trainedOn, texts, dir.resolve("refresh"));
    Files.writeString(out.resolve("RESULTS.md"), report, StandardCharsets.UTF_8);
    stdout.println(report);
    stdout.printf("wrote %s and %s (wall %s)%n", out.resolve("RESULTS.md"), plots, wall);
    stdout.flush();
    return 0;
  }

  /** The refresh path tried on each other-domain text with the centre's and baseline M's first seeds ("" if either is missing). */
  private static String refresh(ExperimentResults results, Corpus trainedOn, List<EvalText> texts, Path scratch)
      throws IOException {
    List<EvalText> other = texts.stream().filter(EvalText::otherDomain).toList();
    String centre = results.plan().centre();
    if (other.isEmpty() || results.cell(centre).isEmpty() || results.cell(ExperimentPlan.BASELINE_M).isEmpty()) return "";
    DomainRefresh refresh = new DomainRefresh(scratch);
    List<DomainRefresh.Result> measured = new ArrayList<>();
    for (EvalText t : other) {
      measured.add(refresh.run(results.cell(centre).get(0).bundle(), results.cell(ExperimentPlan.BASELINE_M).get(0).bundle(),
          trainedOn.documents(Split.TRAIN), t, results.plan().testTokens()));
    }
    return ExperimentReport.refreshSection(centre, measured);
  }

  /**
   * DIR/store/NAME-VERSION. Bundles are reused when their training config matches, and the config
   * names the corpus but not its contents: a store per corpus version keeps a changed mix (or a
   * re-pinned package) from reusing models trained on the old text.
   */
  static Path storeOf(Path workDir, Corpus trainedOn) {
    return workDir.resolve("store").resolve(trainedOn.name() + "-" + trainedOn.spec().version());
  }

  /**
   * How the plan's models are trained. Tuning scores the validation split's first {@code testTokens}
   * tokens; each run's own validation perplexity (its manifest's) covers the same prefix instead of
   * the whole split, a pass that cost up to a sixth of a quick-grid model's time and fed nothing else.
   */
  static TrainRun trainRun(ExperimentPlan plan, boolean showProgress) {
    return TrainRun.withDefaultCache().showProgress(showProgress).validationTargets(plan.testTokens());
  }

  /** The preset, its bundles in {@code store}, with the command line's changes; giving a rate by hand turns tuning off. */
  ExperimentPlan plan(Path store) {
    ExperimentPlan plan = quick ? ExperimentPlan.quick(corpus, store) : ExperimentPlan.full(corpus, store);
    if (only != null && !only.isEmpty()) plan = plan.only(only.toArray(String[]::new));
    if (steps != null) plan = plan.withSteps(steps);
    int n = seeds != null ? seeds : plan.seeds();
    if (seed != null) plan = plan.withSeed(seed);
    plan = plan.withSeeds(n);
    if (axisSeeds != null) plan = plan.withAxisSeeds(axisSeeds);
    if (testTokens != null) plan = plan.withTestTokens(testTokens);
    if (learningRate != null) plan = plan.withLearningRate(learningRate);
    if (fgramLearningRateScale != null) plan = plan.withFgramLearningRateScale(fgramLearningRateScale);
    if (noTuning || learningRate != null || fgramLearningRateScale != null) plan = plan.withTuning(TuningGrid.none());
    return plan;
  }

  /** The command-line changes to the plan, as they were typed, for the report's title. */
  private String overrides() {
    return (!corpus.equals(CorpusName.DEFAULT) ? " --corpus " + corpus : "") + (only != null && !only.isEmpty() ? " --only " + String.join(",", only) : "")
        + (steps != null ? " --steps " + steps : "") + (seeds != null ? " --seeds " + seeds : "")
        + (axisSeeds != null ? " --axis-seeds " + axisSeeds : "") + (seed != null ? " --seed " + seed : "") + (learningRate != null ? " --lr " + learningRate : "")
        + (fgramLearningRateScale != null ? " --fgram-lr-scale " + fgramLearningRateScale : "")
        + (noTuning ? " --no-tuning" : "") + (testTokens != null ? " --test-tokens " + testTokens : "")
        + (noOtherDomains ? " --no-other-domains" : "") + (noRefresh ? " --no-refresh" : "");
  }
}
