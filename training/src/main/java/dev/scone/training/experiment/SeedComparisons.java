package dev.scone.training.experiment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers the report states about one experiment's results: per cell and text, the summary
 * over seeds, and paired (by seed) differences between two cells with their 95% intervals. Only
 * seeds both cells have are paired. Stateless over an immutable {@link ExperimentResults}.
 */
public final class SeedComparisons {

  private final ExperimentResults results;

  public SeedComparisons(ExperimentResults results) {
    this.results = results;
  }

  /** Perplexity of {@code cell} on {@code text} by seed, in seed order. */
  public Map<Long, Double> bySeed(String cell, String text) {
    Map<Long, Double> out = new TreeMap<>();
    for (ResultRow r : results.cell(cell)) {
      Double p = r.perplexity().get(text);
      if (p != null) out.put(r.seed(), p);
    }
    return out;
  }

  public SeedStatistics.Summary summary(String cell, String text) {
    return SeedStatistics.summary(bySeed(cell, text).values().stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * mean over shared seeds of (a - b) with its 95% interval: below 0 means {@code a} has the lower
   * perplexity. Null when the two share no seed.
   */
  public SeedStatistics.Interval difference(String a, String b, String text) {
    Map<Long, Double> x = bySeed(a, text);
    Map<Long, Double> y = bySeed(b, text);
    List<Long> shared = x.keySet().stream().filter(y::containsKey).toList();
    if (shared.isEmpty()) return null;
    double[] xs = shared.stream().mapToDouble(x::get).toArray();
    double[] ys = shared.stream().mapToDouble(y::get).toArray();
    return SeedStatistics.pairedDifference(xs, ys, SeedStatistics.CONFIDENCE);
  }

  /** How a paired difference a - b reads: "lower", "higher" (interval excludes 0) or "level". */
  public static String verdict(SeedStatistics.Interval d) {
    if (d == null || !d.excludesZero()) return "level";
    return d.high() < 0 ? "lower" : "higher";
  }
}
