package dev.scone.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The SCONE / baseline ratio over the first seconds of each variant, binned, as a PNG (XChart). */
final class FirstMinutePlot {
  private FirstMinutePlot() {}

  /** Writes {@code png}: one line per variant, the ratio of each {@code bin}-second bin up to {@code seconds}. */
  static void write(Path png, String title, Map<String, List<InterleavedScoring.Step>> variants, double seconds,
      double bin) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("seconds since the page cache was dropped").yAxisTitle("SCONE / baseline tokens/s").build();
    for (Map.Entry<String, List<InterleavedScoring.Step>> v : variants.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double from = 0; from < seconds; from += bin) {
        double r = InterleavedScoring.ratio(v.getValue(), from, from + bin);
        if (!Double.isNaN(r)) {
          x.add(from + bin / 2);
          y.add(r);
        }
      }
      if (!x.isEmpty()) chart.addSeries(v.getKey(), x, y);
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    String base = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4)
        : png.toString();
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }
}
