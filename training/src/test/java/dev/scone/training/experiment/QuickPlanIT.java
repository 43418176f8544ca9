package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.run.TrainRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression check of the pipeline on real data, not the experiment's claim (that needs seeds and
 * intervals: {@code scone experiment}): trained as {@code scone experiment --quick --no-tuning}
 * trains seed 1 of baseline M and the centre (deterministic for a config), SCONE M's perplexity is
 * below baseline M's on the SOTU and Moby Dick test splits and both controls are worse than SCONE M.
 * Needs the corpora (fetched into the scone cache on first use).
 */
class QuickPlanIT {

  @TempDir static Path dir;

  @Test
  void sconeMBeatsBaselineMOnBothHeldOutTestSplitsAndNeitherControlDoes() throws IOException {
    ExperimentPlan quick = ExperimentPlan.quick("sotu", dir.resolve("store"));
    // One seed at the preset rates (no tuning): the pair check, not the experiment.
    ExperimentPlan pair = quick.only("baseline-M", quick.centre()).withSeeds(1).withTuning(TuningGrid.none());
    Corpus sotu = Corpora.load("sotu");
    List<EvalText> evaluation = List.of(EvalText.testSplit(sotu), EvalText.testSplit(Corpora.load("moby-dick")));
    List<ResultRow> rows = new ExperimentRunner(TrainRun.withDefaultCache().showProgress(false),
        dir.resolve("controls")).run(pair, sotu, evaluation).rows();

    Map<String, ResultRow> byName = rows.stream().collect(Collectors.toMap(ResultRow::name, Function.identity()));
    assertEquals(4, byName.size(), byName.keySet().toString());
    ResultRow baseline = byName.get("baseline-M");
    ResultRow scone = byName.get(quick.centre());
    ResultRow control = byName.get(quick.centre() + ExperimentRunner.SHUFFLED);
    // The numbers behind a failure (or a pass) belong in the test log, beside docs/RESULTS.md's.
    for (ResultRow r : rows) System.out.println("QuickPlanIT " + r.name() + ": " + r.perplexity());
    for (EvalText c : evaluation) {
      double b = baseline.perplexity().get(c.name());
      double s = scone.perplexity().get(c.name());
      double shuffled = control.perplexity().get(c.name());
      double mean = byName.get(quick.centre() + ExperimentRunner.MEAN_TOKENS).perplexity().get(c.name());
      assertTrue(s < b, c.name() + ": SCONE M " + s + " should be below baseline M " + b);
      assertTrue(shuffled > s, c.name() + ": the shuffled table " + shuffled + " should be worse than SCONE M " + s);
      assertTrue(mean > s, c.name() + ": the mean-of-tokens table " + mean + " should be worse than SCONE M " + s);
    }
  }
}
