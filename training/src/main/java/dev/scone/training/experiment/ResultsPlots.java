package dev.scone.training.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * The three PNG plots of the results, one series per evaluation corpus: perplexity vs f-grams (the
 * centre's f-gram model size, baseline M at 0), vs f-gram model layers (the centre's f-gram count,
 * baseline M at 0), and per model at its inference FLOPs per token (every model except the
 * control). Stateless; headless AWT.
 */
public final class ResultsPlots {

  public static final String VS_FGRAMS = "perplexity-vs-fgrams.png";
  public static final String VS_FGRAM_LAYERS = "perplexity-vs-fgram-model-size.png";
  public static final String VS_FLOPS = "perplexity-vs-inference-flops.png";
  static final int WIDTH = 800;
  static final int HEIGHT = 500;

  private ResultsPlots() {}

  /** Writes the three PNGs into {@code dir}; returns their paths. */
  public static List<Path> write(List<ResultRow> rows, String centre, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    return List.of(
        save(vsFgrams(rows, centre), dir.resolve(VS_FGRAMS)),
        save(vsFgramLayers(rows, centre), dir.resolve(VS_FGRAM_LAYERS)),
        save(vsFlops(rows), dir.resolve(VS_FLOPS)));
  }

  static XYChart vsFgrams(List<ResultRow> rows, String centre) {
    ResultRow c = row(rows, centre);
    XYChart chart = scatter(rows, axis(rows, r -> r.fgramLayers() == c.fgramLayers()), ResultRow::fgrams,
        "Perplexity vs f-grams (f-gram layers " + c.fgramLayers() + ")", "f-grams");
    chart.getStyler().setXAxisDecimalPattern("#,###");
    return chart;
  }

  static XYChart vsFgramLayers(List<ResultRow> rows, String centre) {
    ResultRow c = row(rows, centre);
    XYChart chart = scatter(rows, axis(rows, r -> r.fgrams() == c.fgrams()), ResultRow::fgramLayers,
        String.format(Locale.ROOT, "Perplexity vs f-gram model layers (%,d f-grams)", c.fgrams()),
        "f-gram model layers");
    // Whole numbers only: XChart widens the tick step until the labels differ, so no 0.5 ticks.
    chart.getStyler().setXAxisDecimalPattern("#");
    return chart;
  }

  /**
   * Models on a categorical axis, in order of FLOPs: every SCONE M has exactly baseline M's
   * inference FLOPs, so on a numeric axis they would stack on one unlabelled vertical line.
   */
  static CategoryChart vsFlops(List<ResultRow> rows) {
    List<ResultRow> kept = rows.stream().filter(r -> !r.control())
        .sorted(Comparator.comparingDouble(ResultRow::inferenceFlopsPerToken)).toList(); // stable: plan order
    List<String> models = kept.stream().map(r -> String.format(Locale.ROOT, "%s (%.2f)", r.name(),
        r.inferenceFlopsPerToken() / 1e6)).toList();
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Perplexity per model at its inference FLOPs")
        .xAxisTitle("model (inference FLOPs per token, millions)").yAxisTitle("test perplexity").build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setOverlapped(true); // a model's corpora on one vertical line, above its name
    for (String corpus : corpora(rows)) {
      chart.addSeries(corpus, models, kept.stream().map(r -> perplexity(r, corpus)).toList());
    }
    return chart;
  }

  /** Baseline M (the smallest baseline) and the SCONE models that {@code onAxis} keeps; never the control. */
  private static List<ResultRow> axis(List<ResultRow> rows, Predicate<ResultRow> onAxis) {
    ResultRow baselineM = rows.stream().filter(ResultRow::baseline)
        .min(Comparator.comparingDouble(ResultRow::inferenceFlopsPerToken)).orElse(null);
    return rows.stream().filter(r -> !r.control() && (r == baselineM || !r.baseline() && onAxis.test(r))).toList();
  }

  private static XYChart scatter(List<ResultRow> rows, List<ResultRow> kept, ToDoubleFunction<ResultRow> x,
      String title, String xTitle) {
    List<ResultRow> sorted = kept.stream().sorted(Comparator.comparingDouble(x)).toList();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle("test perplexity").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (String corpus : corpora(rows)) {
      chart.addSeries(corpus, sorted.stream().mapToDouble(x).toArray(),
          sorted.stream().mapToDouble(r -> perplexity(r, corpus)).toArray());
    }
    return chart;
  }

  private static ResultRow row(List<ResultRow> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row named " + name));
  }

  private static Set<String> corpora(List<ResultRow> rows) {
    return rows.get(0).perplexity().keySet();
  }

  private static double perplexity(ResultRow r, String corpus) {
    return r.perplexity().getOrDefault(corpus, Double.NaN);
  }

  private static Path save(Chart<?, ?> chart, Path file) throws IOException {
    String name = file.getFileName().toString();
    String base = name.substring(0, name.length() - ".png".length()); // XChart appends the extension
    BitmapEncoder.saveBitmap(chart, file.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
