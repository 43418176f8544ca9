package dev.scone.training.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The three PNG plots of the results, one series per scored text, each point the mean over seeds
 * with an error bar of ± one standard deviation: perplexity vs f-grams (the centre's f-gram model
 * size, baseline M at 0), vs f-gram model layers (the centre's f-gram count, baseline M at 0), and
 * per model at its inference FLOPs per token (every cell, no control). Stateless; headless AWT.
 */
public final class ResultsPlots {

  public static final String VS_FGRAMS = "perplexity-vs-fgrams.png";
  public static final String VS_FGRAM_LAYERS = "perplexity-vs-fgram-model-size.png";
  public static final String VS_FLOPS = "perplexity-vs-inference-flops.png";
  static final int WIDTH = 800;
  static final int HEIGHT = 500;

  private ResultsPlots() {}

  /** Writes the three PNGs into {@code dir}; returns their paths. */
  public static List<Path> write(ExperimentResults results, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    return List.of(
        save(vsFgrams(results), dir.resolve(VS_FGRAMS)),
        save(vsFgramLayers(results), dir.resolve(VS_FGRAM_LAYERS)),
        save(vsFlops(results), dir.resolve(VS_FLOPS)));
  }

  /** One row per cell (its first seed's), for the cell's costs and axes; controls left out. */
  private static List<ResultRow> cells(ExperimentResults results) {
    return results.cells().stream().map(c -> results.cell(c).get(0)).filter(r -> !r.control()).toList();
  }

  static final String Y_TITLE = "perplexity / baseline M's mean on the text";

  static XYChart vsFgrams(ExperimentResults results) {
    ResultRow c = results.cell(results.plan().centre()).get(0);
    // The "all" point's x is its real |F|, so the axis shows how far past the largest fixed count it reaches.
    XYChart chart = scatter(results, axis(results, r -> r.fgramLayers() == c.fgramLayers()), ResultRow::fgrams,
        "Perplexity vs f-grams (f-gram layers " + c.fgramLayers() + "), mean ± sd over seeds", "f-grams");
    chart.getStyler().setXAxisDecimalPattern("#,###");
    return chart;
  }

  static XYChart vsFgramLayers(ExperimentResults results) {
    ResultRow c = results.cell(results.plan().centre()).get(0);
    XYChart chart = scatter(results, axis(results, r -> r.fgrams() == c.fgrams()), ResultRow::fgramLayers,
        String.format(Locale.ROOT, "Perplexity vs f-gram model layers (%,d f-grams), mean ± sd over seeds", c.fgrams()),
        "f-gram model layers");
    // Whole numbers only: XChart widens the tick step until the labels differ, so no 0.5 ticks.
    chart.getStyler().setXAxisDecimalPattern("#");
    return chart;
  }

  /**
   * Models on a categorical axis, in order of FLOPs: every SCONE M has exactly baseline M's
   * inference FLOPs, so on a numeric axis they would stack on one unlabelled vertical line.
   */
  static CategoryChart vsFlops(ExperimentResults results) {
    SeedComparisons cmp = new SeedComparisons(results);
    List<ResultRow> kept = cells(results).stream()
        .sorted(Comparator.comparingDouble(ResultRow::inferenceFlopsPerToken)).toList(); // stable: plan order
    List<String> models = kept.stream().map(r -> String.format(Locale.ROOT, "%s (%.2f)", r.name(),
        r.inferenceFlopsPerToken() / 1e6)).toList();
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Perplexity per model at its inference FLOPs, mean ± sd over seeds")
        .xAxisTitle("model (inference FLOPs per token, millions)").yAxisTitle(Y_TITLE).build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setOverlapped(true); // a model's texts on one vertical line, above its name
    for (String text : results.texts()) {
      double unit = baselineMean(cmp, text);
      chart.addSeries(text, models, kept.stream().map(r -> cmp.summary(r.name(), text).mean() / unit).toList(),
          kept.stream().map(r -> sd(cmp.summary(r.name(), text)) / unit).toList());
    }
    return chart;
  }

  /** Baseline M and the SCONE cells that {@code onAxis} keeps; never a control. */
  private static List<ResultRow> axis(ExperimentResults results, Predicate<ResultRow> onAxis) {
    return cells(results).stream()
        .filter(r -> r.name().equals(ExperimentPlan.BASELINE_M) || !r.baseline() && onAxis.test(r)).toList();
  }

  private static XYChart scatter(ExperimentResults results, List<ResultRow> kept, ToDoubleFunction<ResultRow> x,
      String title, String xTitle) {
    SeedComparisons cmp = new SeedComparisons(results);
    List<ResultRow> sorted = kept.stream().sorted(Comparator.comparingDouble(x)).toList();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(Y_TITLE).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (String text : results.texts()) {
      double unit = baselineMean(cmp, text);
      chart.addSeries(text, sorted.stream().mapToDouble(x).toArray(),
          sorted.stream().mapToDouble(r -> cmp.summary(r.name(), text).mean() / unit).toArray(),
          sorted.stream().mapToDouble(r -> sd(cmp.summary(r.name(), text)) / unit).toArray());
    }
    return chart;
  }

  /**
   * Every text's perplexities are drawn relative to baseline M's mean on it: the texts differ by
   * orders of magnitude (hundreds on SOTU, tens of thousands on program source), so on one
   * absolute axis the in-domain points would be a flat line at the bottom.
   */
  private static double baselineMean(SeedComparisons cmp, String text) {
    return cmp.summary(ExperimentPlan.BASELINE_M, text).mean();
  }

  /** The error bar: the seeds' sd, 0 for a single seed (no spread measured). */
  private static double sd(SeedStatistics.Summary s) {
    return Double.isNaN(s.sd()) ? 0 : s.sd();
  }

  private static Path save(Chart<?, ?> chart, Path file) throws IOException {
    String name = file.getFileName().toString();
    String base = name.substring(0, name.length() - ".png".length()); // XChart appends the extension
    BitmapEncoder.saveBitmap(chart, file.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
