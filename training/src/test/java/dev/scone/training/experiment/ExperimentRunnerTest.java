package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {

  private static final String[] PHRASES = {
      "the people of the united states", "in the year of our lord", "the state of the union",
      "we must work together", "and the congress shall", "for the common good", "it is my duty to report",
      "a more perfect union", "peace and prosperity", "the great ship sailed on"};

  @TempDir static Path dir;
  static ExperimentPlan plan;
  static Corpus corpus;
  static ExperimentResults results;
  static List<ResultRow> rows;

  /**
   * M = 2 layers, d=16, context 16, maxN 3; 6 steps of 4 x 16 tokens; f-grams 8, 24 and every one
   * seen >= 2 times; 2 seeds; 2 tuning trials per family.
   */
  static ExperimentPlan tinyPlan(Path store) {
    TrainingConfig training = TrainingConfig.defaults().withSteps(6).withBatch(4, 16)
        .withLearningRate(1e-2, 1e-3, 1).withEvaluation(0, 2).withCheckpointEvery(0).withSeed(3).withThreads(1);
    TrainRunConfig m = TrainRunConfig.defaults("tiny", store).withTraining(training).withModel(2, 16, 2, 32, 16)
        .withFgrams(1, 3, 8, 2, null).withVocabMinCount(1).withSeed(5);
    TuningGrid grid = new TuningGrid(List.of(new TuningGrid.Trial(1e-2, 1), new TuningGrid.Trial(3e-3, 1)),
        List.of(new TuningGrid.Trial(1e-2, 0.5), new TuningGrid.Trial(3e-3, 1)));
    return ExperimentPlan.grid("tiny", m, 4, new int[] {8, 24, ExperimentPlan.ALL_FGRAMS}, 24, 2, Integer.MAX_VALUE)
        .withSeeds(2).withTuning(grid);
  }

  static Path texts(Path target) throws IOException {
    Files.createDirectories(target);
    Random random = new Random(11);
    for (int d = 0; d < 30; d++) {
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < 50; p++) {
        text.append(PHRASES[random.nextInt(PHRASES.length)]).append(random.nextInt(6) == 0 ? ".\n" : ", ");
      }
      Files.writeString(target.resolve(String.format("doc-%03d.txt", d)), text.toString());
    }
    return target;
  }

  static ExperimentRunner runner() {
    return new ExperimentRunner(TrainRun.cachingTokensIn(dir.resolve("tokens")), dir.resolve("controls"));
  }

  static List<EvalText> evalTexts() {
    return List.of(EvalText.testSplit(corpus), new EvalText("all-of-tiny", corpus.documents(), true));
  }

  @BeforeAll
  static void runOnce() throws IOException {
    corpus = TextDirectory.load("tiny", texts(dir.resolve("texts")));
    plan = tinyPlan(dir.resolve("store"));
    results = runner().run(plan, corpus, evalTexts());
    rows = results.rows();
  }

  @Test
  void everyCellHasEverySeedThenTheTwoControlsPerSeed() {
    assertEquals(7, plan.runs().size());
    List<String> cells = plan.runs().stream().map(PlannedRun::name).toList();
    for (String c : cells) {
      assertEquals(List.of(5L, 6L), results.cell(c).stream().map(ResultRow::seed).toList(), c);
    }
    assertEquals(List.of(5L, 6L), results.cell(plan.centre() + ExperimentRunner.SHUFFLED).stream().map(ResultRow::seed).toList());
    assertEquals(List.of(5L, 6L), results.cell(plan.centre() + ExperimentRunner.MEAN_TOKENS).stream().map(ResultRow::seed).toList());
    assertEquals(7 * 2 + 2 * 2, rows.size());
    for (ResultRow r : rows) {
      for (String t : results.texts()) {
        assertTrue(Double.isFinite(r.perplexity().get(t)) && r.perplexity().get(t) > 1, r.toString());
      }
    }
  }

  @Test
  void eachFamilyChoseItsLowestValidationTrialAndTheCellsTrainedWithIt() {
    assertEquals(List.of(ExperimentPlan.BASELINE_M, ExperimentPlan.BASELINE_2M, ExperimentPlan.SCONE_FAMILY),
        results.tuning().stream().map(Tuner.Result::family).toList());
    for (Tuner.Result r : results.tuning()) {
      assertEquals(2, r.outcomes().size(), r.family());
      Tuner.Outcome best = r.outcomes().stream().min(java.util.Comparator.comparingDouble(Tuner.Outcome::validationPerplexity))
          .orElseThrow();
      assertEquals(best.trial(), r.chosen(), r.family());
      // The chosen trial ran at the cell's first seed: its bundle is that seed's final model.
      String cell = r.family().equals(ExperimentPlan.SCONE_FAMILY) ? plan.centre() : r.family();
      assertEquals(best.bundle(), results.cell(cell).get(0).bundle(), r.family());
    }
    TuningGrid.Trial scone = results.tuning().get(2).chosen();
    for (PlannedRun r : results.plan().runs()) {
      if (r.baseline()) continue;
      assertEquals(scone.learningRate(), r.config().training().learningRate(), r.name());
      assertEquals(scone.fgramLearningRateScale(), r.config().training().fgramLearningRateScale(), r.name());
    }
  }

  @Test
  void theAllFgramsCellKeepsMoreThanTheLargestFixedCount() {
    ResultRow all = results.cell("scone-M-all-f2").get(0);
    assertTrue(all.fgrams() > 24, "every n-gram seen >= 2 times: " + all.fgrams());
  }

  @Test
  void sconeMCostsExactlyTheFlopsAndAcceleratorParametersOfBaselineMAndTwoMCostsMore() {
    ResultRow m = results.cell("baseline-M").get(0);
    ResultRow twoM = results.cell("baseline-2M").get(0);
    for (ResultRow r : rows) {
      if (r.baseline()) continue;
      assertEquals(m.inferenceFlopsPerToken(), r.inferenceFlopsPerToken(), r.name());
      assertEquals(m.acceleratorParameters(), r.acceleratorParameters(), r.name());
      assertTrue(r.tableRows() > m.tableRows(), r.name() + " has f-gram rows");
    }
    assertTrue(twoM.inferenceFlopsPerToken() > m.inferenceFlopsPerToken());
    assertTrue(twoM.acceleratorParameters() > m.acceleratorParameters());
  }

  @Test
  void thePositionSplitAddsUpToTheDifferenceInLogPerplexity() {
    assertEquals(results.texts(), results.positionSplits().stream().map(PositionSplit::text).toList());
    List<ResultRow> centre = results.cell(plan.centre());
    List<ResultRow> baseline = results.cell(ExperimentPlan.BASELINE_M);
    for (PositionSplit split : results.positionSplits()) {
      assertEquals(2, split.matched().n(), split.toString());
      assertTrue(split.matchedShare() > 0 && split.matchedShare() < 1, split.toString());
      double total = 0;
      for (int i = 0; i < 2; i++) {
        total += (Math.log(centre.get(i).perplexity().get(split.text()))
            - Math.log(baseline.get(i).perplexity().get(split.text()))) / 2;
      }
      double parts = split.matchedShare() * split.matched().mean() + (1 - split.matchedShare()) * split.unmatched().mean();
      assertEquals(total, parts, 1e-9, split.toString());
    }
    String report = ExperimentReport.markdown(results, "scone experiment", java.time.Duration.ofSeconds(61), false);
    assertTrue(report.contains("## Where the difference to baseline M comes from"), report);
  }

  @Test
  void reportAndPlotsAreWritten() throws IOException {
    List<Path> files = ResultsPlots.write(results, dir.resolve("docs"));
    assertEquals(3, files.size());
    for (Path f : files) {
      byte[] magic = Arrays.copyOf(Files.readAllBytes(f), 4);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, magic, f.toString());
    }
    String report = ExperimentReport.markdown(results, "scone experiment", java.time.Duration.ofSeconds(61), true);
    assertTrue(report.contains("## Tuning on the validation split"), report);
    assertTrue(report.contains("## Other domains"), report);
    assertTrue(report.contains(plan.centre() + ExperimentRunner.MEAN_TOKENS), report);
    for (String c : results.cells()) assertTrue(report.contains("| " + c + " | 2 |"), c + " in\n" + report);
  }

  @Test
  void meanTokenControlRowsAreTheMeanOfTheirTokensEmbeddingRows() throws IOException {
    ResultRow centreRow = results.cell(plan.centre()).get(0);
    ResultRow controlRow = results.cell(plan.centre() + ExperimentRunner.MEAN_TOKENS).get(0);
    try (ModelBundle centre = ModelBundle.open(centreRow.bundle());
        ModelBundle control = ModelBundle.open(controlRow.bundle())) {
      int v = centre.manifest().vocabSize();
      int f = centre.vocabulary().size();
      assertTrue(f > 1);
      for (int r = 0; r < v; r += 97) assertArrayEquals(centre.table().row(r), control.table().row(r), "token row " + r);
      for (int i = 0; i < f; i++) {
        int[] tokens = centre.vocabulary().tokens(i);
        float[] expected = new float[centre.table().dim()];
        for (int k = 0; k < expected.length; k++) {
          double sum = 0;
          for (int t : tokens) sum += centre.table().row(t)[k];
          expected[k] = (float) (sum / tokens.length);
        }
        assertArrayEquals(expected, control.table().row(v + i), 1e-6f, "f-gram row " + i);
        assertFalse(Arrays.equals(centre.table().row(v + i), control.table().row(v + i)), "the trained row was replaced");
      }
    }
  }

  @Test
  void controlTablePermutesOnlyTheFgramRowsOfTheCentreTable() throws IOException {
    ResultRow centreRow = results.cell(plan.centre()).get(0);
    ResultRow controlRow = results.cell(plan.centre() + ExperimentRunner.SHUFFLED).get(0);
    try (ModelBundle centre = ModelBundle.open(centreRow.bundle());
        ModelBundle control = ModelBundle.open(controlRow.bundle())) {
      int v = centre.manifest().vocabSize();
      int f = centre.vocabulary().size();
      assertTrue(f > 1, "the centre has f-grams to shuffle");
      assertEquals(centre.table().rows(), control.table().rows());
      for (int r = 0; r < v; r += 97) assertArrayEquals(centre.table().row(r), control.table().row(r), "token row " + r);
      int[] order = ShuffledTable.permutation(f, ExperimentRunner.CONTROL_SEED);
      boolean moved = false;
      for (int i = 0; i < f; i++) {
        assertArrayEquals(centre.table().row(v + order[i]), control.table().row(v + i), "f-gram row " + i);
        moved |= !Arrays.equals(centre.table().row(v + i), control.table().row(v + i));
      }
      assertTrue(moved, "the shuffle moved at least one f-gram row");
      assertTrue(centre.vocabulary().sameContent(control.vocabulary()));
    }
  }

  @Test
  void refreshPathOnAnotherDomainScoresTheHeldOutPartWithBothNewVocabularies() throws IOException {
    EvalText other = new EvalText("other", corpus.documents(), true);
    DomainRefresh.Result r = new DomainRefresh(dir.resolve("refresh")).run(results.cell(plan.centre()).get(0).bundle(),
        results.cell("baseline-M").get(0).bundle(), corpus.documents(dev.scone.training.corpus.Split.TRAIN), other, 10_000);
    assertTrue(r.heldOutTokens() > 0, r.toString());
    for (double p : new double[] {r.baselineM(), r.current(), r.refreshedMixed(), r.refreshedDomain()}) {
      assertTrue(Double.isFinite(p) && p > 1, r.toString());
    }
    assertTrue(r.matchedDomain() > 0 && r.matchedBefore() > 0, r.toString());
    String section = ExperimentReport.refreshSection(plan.centre(), List.of(r));
    assertTrue(section.contains("| other | "), section);
  }

  @Test
  void permutationIsABijectionFixedBySeed() {
    int[] a = ShuffledTable.permutation(1000, 7);
    assertArrayEquals(a, ShuffledTable.permutation(1000, 7));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
    assertFalse(Arrays.equals(a, ShuffledTable.permutation(1000, 8)));
  }

  /**
   * Two workers train (each model in a JVM of its own) and score side by side: every model, control
   * and split comes out as one worker's, in this JVM.
   */
  @Test
  void twoWorkersGiveExactlyTheResultsOfOne() throws IOException {
    Path other = dir.resolve("two-workers");
    ExperimentResults parallel = new ExperimentRunner(TrainRun.cachingTokensIn(dir.resolve("tokens")),
        other.resolve("controls"), 2, false).run(tinyPlan(other.resolve("store")), corpus, evalTexts());
    int published = BundleStore.at(other.resolve("store")).list().size();
    try (Stream<Path> files = Files.list(other.resolve("jobs"))) {
      assertEquals(published, files.filter(f -> f.toString().endsWith(".result")).count(),
          "every model of the two-worker run was trained in a child JVM");
    }
    try (Stream<Path> files = Files.list(other.resolve("jobs"))) {
      assertTrue(files.filter(f -> f.getFileName().toString().startsWith("worker-")).count() <= 2,
          "a child trains model after model: at most one per worker was started");
    }
    assertEquals(rows.size(), parallel.rows().size());
    for (int i = 0; i < rows.size(); i++) {
      ResultRow a = rows.get(i);
      ResultRow b = parallel.rows().get(i);
      assertEquals(a.name() + " seed " + a.seed(), b.name() + " seed " + b.seed());
      assertEquals(a.perplexity(), b.perplexity(), a.name() + " seed " + a.seed());
    }
    assertFalse(results.tuning().isEmpty());
    assertEquals(results.tuning().size(), parallel.tuning().size());
    for (int f = 0; f < results.tuning().size(); f++) {
      assertEquals(results.tuning().get(f).chosen(), parallel.tuning().get(f).chosen());
      for (int t = 0; t < results.tuning().get(f).outcomes().size(); t++) {
        assertEquals(results.tuning().get(f).outcomes().get(t).validationPerplexity(),
            parallel.tuning().get(f).outcomes().get(t).validationPerplexity());
      }
    }
    assertEquals(results.positionSplits(), parallel.positionSplits());
  }

  @Test
  void rerunReusesEveryPublishedBundleInsteadOfTraining() throws IOException {
    BundleStore store = BundleStore.at(plan.runs().get(0).config().store());
    int before = store.list().size();
    ExperimentResults again = runner().run(plan, corpus, evalTexts());
    assertEquals(before, store.list().size(), "nothing was trained again");
    for (int i = 0; i < 7 * 2; i++) {
      assertEquals(rows.get(i).bundle(), again.rows().get(i).bundle());
      assertEquals(rows.get(i).perplexity(), again.rows().get(i).perplexity(), rows.get(i).name());
    }
  }
}
