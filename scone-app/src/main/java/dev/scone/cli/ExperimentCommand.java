package dev.scone.cli;

import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.experiment.ExperimentPlan;
import dev.scone.training.experiment.ExperimentRunner;
import dev.scone.training.experiment.ResultRow;
import dev.scone.training.experiment.ResultsPlots;
import dev.scone.training.experiment.ResultsTable;
import dev.scone.training.run.TrainRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone experiment}: the baseline-vs-SCONE grid ({@link ExperimentPlan}) trained on the SOTU
 * training split and scored on the SOTU and Moby Dick test splits; writes {@code RESULTS.md} and
 * three PNG plots into {@code --out}. Bundles already in the experiment's store with the same
 * config are reused, so a rerun only evaluates.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the baseline-vs-SCONE grid and write docs/RESULTS.md.",
      "Trains baseline M, baseline 2M and SCONE M (4 f-gram counts x 3 f-gram model sizes, shared centre) "
          + "on SOTU, scores them and a shuffled-table control on the SOTU and Moby Dick test splits, and writes "
          + "RESULTS.md and PNG plots. How long it takes: README, \"How long things take\"."
    })
public final class ExperimentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "The small grid (d=64, 1000 steps, 2k..16k f-grams) instead of the full one.")
  boolean quick;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the experiment keeps its bundles"
      + " (DIR/store) and the control (DIR/controls). Default: <scone cache>/experiment-full or -quick.")
  Path workDir;

  @Option(names = "--out", defaultValue = "docs", paramLabel = "DIR", description = "Where RESULTS.md and the plots go.")
  Path out;

  @Option(names = "--only", split = ",", paramLabel = "RUN",
      description = "Train and score only these runs of the plan (comma-separated names, e.g."
          + " baseline-M,scone-M-8k-f2; without the centre SCONE run there is no control and no plots).")
  List<String> only;

  @Option(names = "--steps", description = "Train every run this many steps instead of the plan's"
      + " (warm-up a tenth); bundles of other lengths in the store are not reused.")
  Integer steps;

  @Option(names = "--lr", description = "Peak learning rate of every run instead of the plan's 4e-3"
      + " (the cosine decays to a tenth of it).")
  Double learningRate;

  @Option(names = "--fgram-lr-scale", description = "Train the f-gram model at this multiple of the learning"
      + " rate (the main model at 1x), in (0, 1], instead of the plan's 0.25.")
  Double fgramLearningRateScale;

  @Option(names = "--seed", description = "Seed every run with this instead of the plan's 1 (initialisation,"
      + " sampling), to measure the run-to-run spread.")
  Long seed;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    Path dir = workDir != null ? workDir : SconeCache.root().resolve(quick ? "experiment-quick" : "experiment-full");
    ExperimentPlan plan = quick ? ExperimentPlan.quick("sotu", dir.resolve("store"))
        : ExperimentPlan.full("sotu", dir.resolve("store"));
    if (only != null && !only.isEmpty()) plan = plan.only(only.toArray(String[]::new));
    if (steps != null) plan = plan.withSteps(steps);
    if (seed != null) plan = plan.withSeed(seed);
    if (learningRate != null) plan = plan.withLearningRate(learningRate);
    if (fgramLearningRateScale != null) plan = plan.withFgramLearningRateScale(fgramLearningRateScale);
    Corpus sotu = Corpora.load("sotu");
    List<Corpus> evaluation = List.of(sotu, Corpora.load("moby-dick"));
    ExperimentRunner runner = new ExperimentRunner(TrainRun.withDefaultCache().showProgress(progress.show()),
        dir.resolve("controls"));
    List<ResultRow> rows = runner.run(plan, sotu, evaluation);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    String table = ResultsTable.markdown(rows);
    Files.createDirectories(out);
    Files.writeString(out.resolve("RESULTS.md"), report(plan, overrides(), table, wall), StandardCharsets.UTF_8);
    List<Path> plots = plan.hasCentre() ? ResultsPlots.write(rows, plan.centre(), out) : List.of();
    stdout.println(table);
    stdout.printf("wrote %s and %s (wall %s)%n", out.resolve("RESULTS.md"), plots, wall);
    stdout.flush();
    return 0;
  }

  /** The command-line changes to the plan, as they were typed, for the report's title. */
  private String overrides() {
    return (only != null && !only.isEmpty() ? " --only " + String.join(",", only) : "")
        + (steps != null ? " --steps " + steps : "") + (seed != null ? " --seed " + seed : "")
        + (learningRate != null ? " --lr " + learningRate : "")
        + (fgramLearningRateScale != null ? " --fgram-lr-scale " + fgramLearningRateScale : "");
  }

  private static String report(ExperimentPlan plan, String overrides, String table, Duration wall) {
    return "# Results: baseline vs SCONE (`scone experiment" + (plan.name().equals("quick") ? " --quick" : "")
        + overrides + "`)\n\n"
        + "Trained on the SOTU training split; perplexity on the held-out test splits, scored with the serving\n"
        + "Scorer (table rows, main model, sliding window of the context, stride context / 2). Plan `"
        + plan.name() + "`; " + (plan.hasCentre() ? "the control is `" + plan.centre()
            + "` served with its table's f-gram rows shuffled.\n" : "no control (the plan was cut without its centre).\n")
        + "Each test split is scored on its first " + String.format("%,d", plan.testTokens())
        + " tokens; tokens seen fewer than " + ExperimentPlan.VOCAB_MIN_COUNT
        + " times in training share the UNK id (the same for every model).\n"
        + "Inference FLOPs per token are averaged over a full context window (ModelCosts). Wall time of the run: "
        + wall.toMinutes() + " min " + wall.toSecondsPart() + " s.\n\n"
        + table + "\n"
        + (plan.hasCentre() ? "![perplexity vs f-grams](" + ResultsPlots.VS_FGRAMS + ")\n"
            + "![perplexity vs f-gram model size](" + ResultsPlots.VS_FGRAM_LAYERS + ")\n"
            + "![perplexity vs inference FLOPs](" + ResultsPlots.VS_FLOPS + ")\n" : "");
  }
}
