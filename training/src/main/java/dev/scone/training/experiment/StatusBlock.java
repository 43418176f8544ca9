package dev.scone.training.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The goals of issue 14, each checked against the results and stated met or not, with the paired
 * interval that decides it. A claim is stated only where its 95% interval excludes 0; a difference
 * whose interval holds 0 is reported as level, never as a gain. Stateless.
 */
public final class StatusBlock {

  private StatusBlock() {}

  /** The goals' lines, one markdown bullet each. */
  public static List<String> lines(ExperimentResults results) {
    SeedComparisons cmp = new SeedComparisons(results);
    String centre = results.plan().centre();
    List<String> out = new ArrayList<>();
    if (results.cell(centre).isEmpty()) return List.of("- The plan was cut without its centre: no goal is checked.");
    out.add(comparison(results, cmp, centre, ExperimentPlan.BASELINE_M, true,
        " beats baseline M with the interval excluding 0 on every text"));
    out.add(comparison(results, cmp, centre, ExperimentPlan.BASELINE_2M, false,
        " matches or beats baseline 2M (not higher with the interval excluding 0) on every text"));
    for (String control : List.of(centre + ExperimentRunner.SHUFFLED, centre + ExperimentRunner.MEAN_TOKENS)) {
      out.add(comparison(results, cmp, centre, control, true, " beats the control " + control + " on every text"));
    }
    out.add(axisLine(results, cmp, "count", r -> r.fgramLayers() == centreRow(results).fgramLayers(),
        Comparator.comparingInt(ResultRow::fgrams)));
    out.add(axisLine(results, cmp, "f-gram model size", r -> r.fgrams() == centreRow(results).fgrams(),
        Comparator.comparingInt(ResultRow::fgramLayers)));
    return out;
  }

  /**
   * The goal "{@code a} vs {@code b} on every text": lower with the interval excluding 0 when {@code
   * mustBeLower}, else not higher with it excluding 0. Not measured when a text has fewer than 2
   * paired seeds (no interval).
   */
  private static String comparison(ExperimentResults results, SeedComparisons cmp, String a, String b,
      boolean mustBeLower, String goal) {
    boolean measured = true;
    boolean holds = true;
    StringBuilder s = new StringBuilder();
    for (String t : results.texts()) {
      SeedStatistics.Interval d = cmp.difference(a, b, t);
      String v = SeedComparisons.verdict(d);
      measured &= d != null && !Double.isNaN(d.low());
      holds &= mustBeLower ? "lower".equals(v) : !"higher".equals(v);
      s.append(String.format(Locale.ROOT, "%s %s %s; ", t, v, interval(d)));
    }
    return "- " + label(measured, holds) + ": " + a + goal + " (" + strip(s) + ").";
  }

  /**
   * "Non-increasing within the intervals": no step along the axis raises perplexity with the
   * paired interval excluding 0.
   */
  private static String axisLine(ExperimentResults results, SeedComparisons cmp, String axis,
      java.util.function.Predicate<ResultRow> onAxis, Comparator<ResultRow> order) {
    List<ResultRow> points = results.rows().stream().filter(r -> !r.baseline() && !r.control() && onAxis.test(r))
        .filter(r -> r.seed() == results.cell(r.name()).get(0).seed()).sorted(order).toList();
    if (points.size() < 2) return "- **Not measured**: the " + axis + " axis has fewer than 2 points in this plan.";
    boolean monotone = true;
    boolean measured = true;
    StringBuilder s = new StringBuilder();
    for (String t : results.texts()) {
      for (int i = 1; i < points.size(); i++) {
        SeedStatistics.Interval d = cmp.difference(points.get(i).name(), points.get(i - 1).name(), t);
        measured &= d != null && !Double.isNaN(d.low());
        if ("higher".equals(SeedComparisons.verdict(d))) {
          monotone = false;
          s.append(String.format(Locale.ROOT, "%s: %s -> %s higher %s; ", t, points.get(i - 1).name(),
              points.get(i).name(), interval(d)));
        }
      }
    }
    String why = !measured ? " (a step has fewer than 2 paired seeds)" : monotone ? "" : " (" + strip(s) + ")";
    return "- " + label(measured, monotone) + ": perplexity is non-increasing along the " + axis
        + " axis within the intervals" + why + ".";
  }

  /** "**Met**", "**Not met**", or "**Not measured**" when a comparison the goal needs is missing. */
  private static String label(boolean measured, boolean holds) {
    return !measured ? "**Not measured**" : holds ? "**Met**" : "**Not met**";
  }

  private static ResultRow centreRow(ExperimentResults results) {
    return results.cell(results.plan().centre()).get(0);
  }

  /** "[low, high]" of a paired difference in perplexity, or "(no interval)" for one seed. */
  static String interval(SeedStatistics.Interval d) {
    if (d == null) return "(not measured)";
    if (Double.isNaN(d.low())) return String.format(Locale.ROOT, "%+.2f (one seed, no interval)", d.mean());
    return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", d.mean(), d.low(), d.high());
  }

  private static String strip(StringBuilder s) {
    return s.length() >= 2 ? s.substring(0, s.length() - 2) : s.toString();
  }
}
