package dev.scone.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The once-a-second samples of a soak run, written as CSV and a PNG plot, with the verdict: the
 * least-squares slope of RSS over the second half of the run, in MB per minute (the first half
 * is warm-up: JIT, page cache, Flink's pools). Not thread-safe.
 */
public final class SoakSamples {
  /** One sample: seconds since start, RSS and heap in MB, requests sent and answered so far. */
  public record Sample(double seconds, double rssMb, double heapMb, long sent, long answered) {}

  private final List<Sample> samples = new ArrayList<>();

  public void add(Sample s) {
    samples.add(s);
  }

  public List<Sample> all() {
    return List.copyOf(samples);
  }

  /** RSS slope over the second half of the run (MB/min); 0 with fewer than 4 samples there. */
  public double rssSlopeMbPerMinute() {
    List<Sample> half = samples.subList(samples.size() / 2, samples.size());
    if (half.size() < 4) return 0;
    double mx = 0;
    double my = 0;
    for (Sample s : half) {
      mx += s.seconds();
      my += s.rssMb();
    }
    mx /= half.size();
    my /= half.size();
    double sxy = 0;
    double sxx = 0;
    for (Sample s : half) {
      sxy += (s.seconds() - mx) * (s.rssMb() - my);
      sxx += (s.seconds() - mx) * (s.seconds() - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx * 60;
  }

  /** Writes {@code csv} (t_s,rss_mb,heap_mb,sent,answered) and a PNG of RSS and heap over time beside it. */
  public Path write(Path csv) throws IOException {
    Files.createDirectories(csv.toAbsolutePath().getParent());
    StringBuilder out = new StringBuilder("t_s,rss_mb,heap_mb,sent,answered\n");
    for (Sample s : samples) {
      out.append(String.format("%.1f,%.1f,%.1f,%d,%d%n", s.seconds(), s.rssMb(), s.heapMb(), s.sent(), s.answered()));
    }
    Files.writeString(csv, out);
    return plot(csv);
  }

  private Path plot(Path csv) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title(String.format("scone serve soak: RSS slope %.2f MB/min over the second half", rssSlopeMbPerMinute()))
        .xAxisTitle("seconds").yAxisTitle("MB").build();
    double[] t = samples.stream().mapToDouble(Sample::seconds).toArray();
    chart.addSeries("RSS (serving JVM)", t, samples.stream().mapToDouble(Sample::rssMb).toArray());
    chart.addSeries("heap used", t, samples.stream().mapToDouble(Sample::heapMb).toArray());
    String base = csv.getFileName().toString().replaceFirst("\\.csv$", "");
    BitmapEncoder.saveBitmap(chart, csv.resolveSibling(base).toString(), BitmapEncoder.BitmapFormat.PNG);
    return csv.resolveSibling(base + ".png");
  }
}
