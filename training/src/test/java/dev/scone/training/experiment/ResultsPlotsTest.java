package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class ResultsPlotsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final double FLOPS_M = 1_718_784;

  /**
   * The full grid's shape (docs/RESULTS.md): every SCONE M at baseline M's FLOPs, 2M at about twice;
   * 3 seeds each, seed k adding (k - 2) to every perplexity, so each cell's sd is exactly 1.
   */
  static ExperimentResults grid() {
    List<ResultRow> rows = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      double d = seed - 2;
      rows.add(row("baseline-M", seed, true, false, 0, 0, FLOPS_M, 73.36 + d, 78.74 + d));
      rows.add(row("baseline-2M", seed, true, false, 0, 0, 3_423_744, 72.92 + d, 78.18 + d));
      rows.add(row("scone-M-8k-f2", seed, false, false, 8000, 2, FLOPS_M, 64.60 + d, 74.97 + d));
      rows.add(row("scone-M-32k-f2", seed, false, false, 32000, 2, FLOPS_M, 64.28 + d, 74.61 + d));
      rows.add(row("scone-M-32k-f1", seed, false, false, 32000, 1, FLOPS_M, 67.57 + d, 77.64 + d));
      rows.add(row("scone-M-32k-f4", seed, false, false, 32000, 4, FLOPS_M, 64.36 + d, 75.17 + d));
      rows.add(row("scone-M-32k-f2-shuffled", seed, false, true, 32000, 2, FLOPS_M, 599.11 + d, 157.11 + d));
    }
    rows.sort(java.util.Comparator.comparing(ResultRow::name, java.util.Comparator.comparingInt(ORDER::indexOf)));
    ExperimentPlan plan = new ExperimentPlan("full", List.of(), "scone-M-32k-f2", 40_000, 3, 3, TuningGrid.none());
    return new ExperimentResults(plan, List.of(), rows, List.of(), List.of(), List.of("sotu", "moby-dick"), List.of());
  }

  private static final List<String> ORDER = List.of("baseline-M", "baseline-2M", "scone-M-8k-f2", "scone-M-32k-f2",
      "scone-M-32k-f1", "scone-M-32k-f4", "scone-M-32k-f2-shuffled");

  static ResultRow row(String name, long seed, boolean baseline, boolean control, int fgrams, int layers, double flops,
      double sotu, double mobyDick) {
    Map<String, Double> perplexity = new LinkedHashMap<>();
    perplexity.put("sotu", sotu);
    perplexity.put("moby-dick", mobyDick);
    return new ResultRow(name, seed, baseline, control, fgrams, layers, 846_336, 50_257 + fgrams, flops, 100,
        perplexity, Path.of(name));
  }

  @Test
  void writesThreePngsOfTheChartSize(@TempDir Path dir) throws IOException {
    List<Path> files = ResultsPlots.write(grid(), dir.resolve("plots"));
    assertEquals(List.of(ResultsPlots.VS_FGRAMS, ResultsPlots.VS_FGRAM_LAYERS, ResultsPlots.VS_FLOPS),
        files.stream().map(f -> f.getFileName().toString()).toList());
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length), file.toString());
      }
      BufferedImage image = ImageIO.read(file.toFile());
      assertEquals(ResultsPlots.WIDTH, image.getWidth(), file.toString());
      assertEquals(ResultsPlots.HEIGHT, image.getHeight(), file.toString());
    }
  }

  @Test
  void countAxesShowWholeNumbersWithThousandsSeparators() {
    assertEquals("#,###", ResultsPlots.vsFgrams(grid()).getStyler().getXAxisDecimalPattern());
    assertEquals("#", ResultsPlots.vsFgramLayers(grid()).getStyler().getXAxisDecimalPattern());
  }

  @Test
  void layerAxisHoldsBaselineMAndTheCentresFgramCountAtTheSeedMeansWithSdErrorBars() {
    var series = ResultsPlots.vsFgramLayers(grid()).getSeriesMap().get("sotu");
    assertArrayEquals(new double[] {0, 1, 2, 4}, series.getXData());
    // relative to baseline M's mean on the text (73.36), error bars too
    assertArrayEquals(new double[] {1, 67.57 / 73.36, 64.28 / 73.36, 64.36 / 73.36}, series.getYData(), 1e-9);
    assertArrayEquals(new double[] {1 / 73.36, 1 / 73.36, 1 / 73.36, 1 / 73.36}, series.getExtraValues(), 1e-9);
  }

  @Test
  void flopsPlotNamesEveryModelInOrderOfFlopsWithoutTheControl() {
    CategoryChart chart = ResultsPlots.vsFlops(grid());
    assertEquals(List.of("sotu", "moby-dick"), new ArrayList<>(chart.getSeriesMap().keySet()));
    CategorySeries sotu = chart.getSeriesMap().get("sotu");
    assertEquals(List.of("baseline-M (1.72)", "scone-M-8k-f2 (1.72)", "scone-M-32k-f2 (1.72)", "scone-M-32k-f1 (1.72)",
        "scone-M-32k-f4 (1.72)", "baseline-2M (3.42)"), new ArrayList<>(sotu.getXData()));
    List<Double> means = new ArrayList<>();
    for (Number n : sotu.getYData()) means.add(Math.round(n.doubleValue() * 73.36 * 100) / 100.0);
    assertEquals(List.of(73.36, 64.60, 64.28, 67.57, 64.36, 72.92), means);
    assertEquals("model (inference FLOPs per token, millions)", chart.getXAxisTitle());
  }

  @Test
  void statusBlockStatesAGoalOnlyFromIntervalsAndSaysWhatWasNotMeasured() {
    List<String> lines = StatusBlock.lines(grid());
    // Every seed moves all cells alike: zero-width paired intervals, so SCONE's gain over M is a claim.
    assertTrue(lines.get(0).startsWith("- **Met**: scone-M-32k-f2 beats baseline M"), lines.get(0));
    assertTrue(lines.get(2).startsWith("- **Met**: scone-M-32k-f2 beats the control scone-M-32k-f2-shuffled"), lines.get(2));
    assertTrue(lines.get(3).startsWith("- **Not measured**"), "no mean-of-tokens rows in this grid: " + lines.get(3));
    assertTrue(lines.get(5).startsWith("- **Not met**: perplexity is non-increasing along the f-gram model size"),
        "f2 -> f4 rises on both texts in every seed: " + lines.get(5));
  }

  @Test
  void oneSeedNeverSupportsAClaim() {
    List<ResultRow> firstSeed = grid().rows().stream().filter(r -> r.seed() == 1).toList();
    ExperimentResults one = new ExperimentResults(grid().plan(), List.of(), firstSeed, List.of(), List.of(),
        List.of("sotu", "moby-dick"), List.of());
    for (String line : StatusBlock.lines(one)) {
      assertTrue(line.startsWith("- **Not measured**"), line);
    }
  }

  @Test
  void resultsTableShowsMeanSdAndThePairedIntervalToBaselineM() {
    ExperimentResults r = grid();
    String table = ResultsTable.markdown(r, List.of("baseline-M", "scone-M-32k-f2"), List.of("sotu"));
    // Every seed moves both cells alike, so the paired difference has no spread: a zero-width interval.
    assertTrue(table.contains("| scone-M-32k-f2 | 3 | 2 | 32,000 | 1,718,784 | 100.0 | 64.28 ± 1.00 | -9.08 [-9.08, -9.08] |"),
        table);
    assertTrue(table.contains("| baseline-M | 3 | 0 | 0 | 1,718,784 | 100.0 | 73.36 ± 1.00 | - |"), table);
  }
}
