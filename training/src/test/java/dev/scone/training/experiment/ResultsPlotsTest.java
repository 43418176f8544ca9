package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

  /** The full grid's shape (docs/RESULTS.md): every SCONE M at baseline M's FLOPs, 2M at about twice. */
  static List<ResultRow> grid() {
    return List.of(
        row("baseline-M", true, false, 0, 0, FLOPS_M, 73.36, 78.74),
        row("baseline-2M", true, false, 0, 0, 3_423_744, 72.92, 78.18),
        row("scone-M-8k-f2", false, false, 8000, 2, FLOPS_M, 64.60, 74.97),
        row("scone-M-32k-f2", false, false, 32000, 2, FLOPS_M, 64.28, 74.61),
        row("scone-M-32k-f1", false, false, 32000, 1, FLOPS_M, 67.57, 77.64),
        row("scone-M-32k-f4", false, false, 32000, 4, FLOPS_M, 64.36, 75.17),
        row("scone-M-32k-f2-shuffled", false, true, 32000, 2, FLOPS_M, 599.11, 157.11));
  }

  static ResultRow row(String name, boolean baseline, boolean control, int fgrams, int layers, double flops,
      double sotu, double mobyDick) {
    Map<String, Double> perplexity = new LinkedHashMap<>();
    perplexity.put("sotu", sotu);
    perplexity.put("moby-dick", mobyDick);
    return new ResultRow(name, baseline, control, fgrams, layers, 846_336, 50_257 + fgrams, flops, 100, perplexity,
        Path.of(name));
  }

  @Test
  void writesThreePngsOfTheChartSize(@TempDir Path dir) throws IOException {
    List<Path> files = ResultsPlots.write(grid(), "scone-M-32k-f2", dir.resolve("plots"));
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
    assertEquals("#,###", ResultsPlots.vsFgrams(grid(), "scone-M-32k-f2").getStyler().getXAxisDecimalPattern());
    assertEquals("#", ResultsPlots.vsFgramLayers(grid(), "scone-M-32k-f2").getStyler().getXAxisDecimalPattern());
  }

  @Test
  void layerAxisHoldsBaselineMAndTheCentresFgramCount() {
    double[] layers = ResultsPlots.vsFgramLayers(grid(), "scone-M-32k-f2").getSeriesMap().get("sotu").getXData();
    assertArrayEquals(new double[] {0, 1, 2, 4}, layers);
  }

  @Test
  void flopsPlotNamesEveryModelInOrderOfFlopsWithoutTheControl() {
    CategoryChart chart = ResultsPlots.vsFlops(grid());
    assertEquals(List.of("sotu", "moby-dick"), new ArrayList<>(chart.getSeriesMap().keySet()));
    CategorySeries sotu = chart.getSeriesMap().get("sotu");
    assertEquals(List.of("baseline-M (1.72)", "scone-M-8k-f2 (1.72)", "scone-M-32k-f2 (1.72)", "scone-M-32k-f1 (1.72)",
        "scone-M-32k-f4 (1.72)", "baseline-2M (3.42)"), new ArrayList<>(sotu.getXData()));
    assertEquals(List.of(73.36, 64.60, 64.28, 67.57, 64.36, 72.92), new ArrayList<>(sotu.getYData()));
    assertEquals("model (inference FLOPs per token, millions)", chart.getXAxisTitle());
  }
}
