package dev.scone.bench.fgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One benchmark's outcome, in the project's convention: a headline {@code value} measured side
 * by side with a {@code baseline} in the same run, their {@code ratio}, plus any other figures.
 * Printed as a readable table, and with {@code --json} as one JSON object on the last line:
 * {@code {"bench", "value", "unit", "baseline", "ratio", "baseline_name", <figures>...}}.
 */
public record BenchResult(
    String bench, double value, String unit, String baselineName, double baseline, List<Figure> figures) {

  /** A further named figure of a benchmark, with its unit. */
  public record Figure(String name, double value, String unit) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public BenchResult {
    figures = List.copyOf(figures);
  }

  /**
   * The value of the figure named {@code name}.
   *
   * @throws IllegalArgumentException when there is none, naming the result
   */
  public double figure(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no figure " + name + " in " + toJson()));
  }

  public double ratio() {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("bench", bench);
    node.put("value", value);
    node.put("unit", unit);
    node.put("baseline", baseline);
    node.put("ratio", ratio());
    node.put("baseline_name", baselineName);
    for (Figure f : figures) node.put(f.name(), f.value());
    return node.toString();
  }

  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-34s %18s  %s%n", "bench: " + bench, "value", "unit"));
    out.append(String.format("%-34s %18s  %s%n", "measured", fmt(value), unit));
    out.append(String.format("%-34s %18s  %s%n", "baseline (" + baselineName + ")", fmt(baseline), unit));
    out.append(String.format("%-34s %18s%n", "ratio", String.format("%.3f", ratio())));
    for (Figure f : figures) out.append(String.format("%-34s %18s  %s%n", f.name(), fmt(f.value()), f.unit()));
    return out.toString();
  }

  private static String fmt(double v) {
    if (v != 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-3)) return String.format("%.4g", v);
    return String.format("%,.3f", v);
  }
}
