package dev.scone.training.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The three PNG plots of the results, one series per evaluation corpus: perplexity vs f-grams (the
 * centre's f-gram model size, baseline M at 0), vs f-gram model layers (the centre's f-gram count,
 * baseline M at 0), and vs inference FLOPs per token (every model except the control).
 * Stateless; headless AWT.
 */
public final class ResultsPlots {

  public static final String VS_FGRAMS = "perplexity-vs-fgrams.png";
  public static final String VS_FGRAM_LAYERS = "perplexity-vs-fgram-model-size.png";
  public static final String VS_FLOPS = "perplexity-vs-inference-flops.png";

  private ResultsPlots() {}

  /** Writes the three PNGs into {@code dir}; returns their paths. */
  public static List<Path> write(List<ResultRow> rows, String centre, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    ResultRow c = rows.stream().filter(r -> r.name().equals(centre)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row named " + centre));
    ResultRow baselineM = rows.stream().filter(ResultRow::baseline).min(Comparator.comparingDouble(
        ResultRow::inferenceFlopsPerToken)).orElse(null);
    List<Path> out = new ArrayList<>();
    out.add(plot(rows, r -> !r.control() && (r == baselineM || !r.baseline() && r.fgramLayers() == c.fgramLayers()),
        ResultRow::fgrams, "Perplexity vs f-grams (f-gram layers " + c.fgramLayers() + ")", "f-grams",
        dir.resolve(VS_FGRAMS)));
    out.add(plot(rows, r -> !r.control() && (r == baselineM || !r.baseline() && r.fgrams() == c.fgrams()),
        ResultRow::fgramLayers, "Perplexity vs f-gram model layers (" + c.fgrams() + " f-grams)",
        "f-gram model layers", dir.resolve(VS_FGRAM_LAYERS)));
    out.add(plot(rows, r -> !r.control(), ResultRow::inferenceFlopsPerToken, "Perplexity vs inference FLOPs",
        "inference FLOPs per token", dir.resolve(VS_FLOPS)));
    return out;
  }

  private static Path plot(List<ResultRow> rows, Predicate<ResultRow> keep, ToDoubleFunction<ResultRow> x,
      String title, String xTitle, Path file) throws IOException {
    List<ResultRow> kept = rows.stream().filter(keep).sorted(Comparator.comparingDouble(x)).toList();
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle)
        .yAxisTitle("test perplexity").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (String corpus : rows.get(0).perplexity().keySet()) {
      double[] xs = kept.stream().mapToDouble(x).toArray();
      double[] ys = kept.stream().mapToDouble(r -> r.perplexity().getOrDefault(corpus, Double.NaN)).toArray();
      chart.addSeries(corpus, xs, ys);
    }
    String name = file.getFileName().toString();
    String base = name.substring(0, name.length() - ".png".length());
    BitmapEncoder.saveBitmap(chart, file.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
