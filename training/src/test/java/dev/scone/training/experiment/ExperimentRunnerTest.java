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
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
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
  static List<ResultRow> rows;

  /** M = 2 layers, d=16, context 16, maxN 3; 6 steps of 4 x 16 tokens; f-grams 8..32 seen >= 2 times. */
  static ExperimentPlan tinyPlan(Path store) {
    TrainingConfig training = TrainingConfig.defaults().withSteps(6).withBatch(4, 16)
        .withLearningRate(1e-2, 1e-3, 1).withEvaluation(0, 2).withCheckpointEvery(0).withSeed(3).withThreads(1);
    TrainRunConfig m = TrainRunConfig.defaults("tiny", store).withTraining(training).withModel(2, 16, 2, 32, 16)
        .withFgrams(1, 3, 8, 2, null).withVocabMinCount(1).withSeed(5);
    return ExperimentPlan.grid("tiny", m, new int[] {8, 16, 24, 32}, 2);
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

  @BeforeAll
  static void runOnce() throws IOException {
    corpus = TextDirectory.load("tiny", texts(dir.resolve("texts")));
    plan = tinyPlan(dir.resolve("store"));
    rows = runner().run(plan, corpus, List.of(corpus));
  }

  @Test
  void gridSharesItsCentreSoItHasTwoBaselinesAndSixSconeRuns() {
    assertEquals(8, plan.runs().size());
    assertEquals(2, plan.runs().stream().filter(PlannedRun::baseline).count());
    assertEquals(8, plan.runs().stream().map(PlannedRun::name).distinct().count());
    assertEquals(List.of(1, 2, 4), plan.runs().stream().filter(r -> r.config().fgrams() == 24)
        .map(r -> r.config().fgramLayers()).sorted().toList());
  }

  @Test
  void resultsHaveOneRowPerRunThenTheControlWithFinitePerplexities() {
    assertEquals(plan.runs().size() + 1, rows.size());
    assertEquals(plan.runs().stream().map(PlannedRun::name).toList(),
        rows.subList(0, plan.runs().size()).stream().map(ResultRow::name).toList());
    assertTrue(rows.get(rows.size() - 1).control());
    for (ResultRow r : rows) {
      assertTrue(Double.isFinite(r.perplexity().get("tiny")) && r.perplexity().get("tiny") > 1, r.toString());
    }
    String table = ResultsTable.markdown(rows);
    assertEquals(2 + rows.size(), table.split("\n").length, table);
    for (ResultRow r : rows) assertTrue(table.contains("| " + r.name() + " |"), table);
  }

  @Test
  void sconeMCostsExactlyTheFlopsAndAcceleratorParametersOfBaselineMAndTwoMCostsMore() {
    Map<String, ResultRow> byName = rows.stream().collect(Collectors.toMap(ResultRow::name, r -> r));
    ResultRow m = byName.get("baseline-M");
    ResultRow twoM = byName.get("baseline-2M");
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
  void plotsAreWrittenAsNonEmptyPngs() throws IOException {
    List<Path> files = ResultsPlots.write(rows, plan.centre(), dir.resolve("docs"));
    assertEquals(3, files.size());
    for (Path f : files) {
      assertTrue(Files.size(f) > 0, f.toString());
      byte[] magic = Arrays.copyOf(Files.readAllBytes(f), 4);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, magic, f.toString());
    }
  }

  @Test
  void controlTablePermutesOnlyTheFgramRowsOfTheCentreTable() throws IOException {
    ResultRow centreRow = rows.stream().filter(r -> r.name().equals(plan.centre())).findFirst().orElseThrow();
    ResultRow controlRow = rows.get(rows.size() - 1);
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
  void permutationIsABijectionFixedBySeed() {
    int[] a = ShuffledTable.permutation(1000, 7);
    assertArrayEquals(a, ShuffledTable.permutation(1000, 7));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
    assertFalse(Arrays.equals(a, ShuffledTable.permutation(1000, 8)));
  }

  @Test
  void rerunReusesEveryPublishedBundleInsteadOfTraining() throws IOException {
    BundleStore store = BundleStore.at(plan.runs().get(0).config().store());
    int before = store.list().size();
    List<ResultRow> again = runner().run(plan, corpus, List.of(corpus));
    assertEquals(before, store.list().size(), "nothing was trained again");
    for (int i = 0; i < plan.runs().size(); i++) {
      assertEquals(rows.get(i).bundle(), again.get(i).bundle());
      assertEquals(rows.get(i).perplexity(), again.get(i).perplexity(), rows.get(i).name());
    }
  }
}
