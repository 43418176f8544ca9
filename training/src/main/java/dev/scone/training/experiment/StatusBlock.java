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
    if (!results.plan().hasCentre()) return List.of("- The plan was cut without its centre: no goal is checked.");
    boolean beatsM = true;
    StringBuilder perText = new StringBuilder();
    for (String t : results.texts()) {
      SeedStatistics.Interval d = cmp.difference(centre, ExperimentPlan.BASELINE_M, t);
      boolean lower = "lower".equals(SeedComparisons.verdict(d));
      beatsM &= lower;
      perText.append(String.format(Locale.ROOT, "%s %s %s; ", t, SeedComparisons.verdict(d), interval(d)));
    }
    out.add("- " + (beatsM ? "**Met**" : "**Not met**") + ": " + centre + " beats baseline M with the interval"
        + " excluding 0 on every text (" + strip(perText) + ").");
    boolean matches2M = true;
    StringBuilder vs2M = new StringBuilder();
    for (String t : results.texts()) {
      SeedStatistics.Interval d = cmp.difference(centre, ExperimentPlan.BASELINE_2M, t);
      matches2M &= !"higher".equals(SeedComparisons.verdict(d));
      vs2M.append(String.format(Locale.ROOT, "%s %s %s; ", t, SeedComparisons.verdict(d), interval(d)));
    }
    out.add("- " + (matches2M ? "**Met**" : "**Not met**") + ": " + centre + " matches or beats baseline 2M"
        + " (not higher with the interval excluding 0) on every text (" + strip(vs2M) + ").");
    for (String control : List.of(centre + ExperimentRunner.SHUFFLED, centre + ExperimentRunner.MEAN_TOKENS)) {
      boolean beats = true;
      StringBuilder s = new StringBuilder();
      for (String t : results.texts()) {
        SeedStatistics.Interval d = cmp.difference(centre, control, t);
        beats &= "lower".equals(SeedComparisons.verdict(d));
        s.append(String.format(Locale.ROOT, "%s %s %s; ", t, SeedComparisons.verdict(d), interval(d)));
      }
      out.add("- " + (beats ? "**Met**" : "**Not met**") + ": " + centre + " beats the control " + control
          + " on every text (" + strip(s) + ").");
    }
    out.add(axisLine(results, cmp, "count", r -> r.fgramLayers() == centreRow(results).fgramLayers(),
        Comparator.comparingInt(ResultRow::fgrams)));
    out.add(axisLine(results, cmp, "f-gram model size", r -> r.fgrams() == centreRow(results).fgrams(),
        Comparator.comparingInt(ResultRow::fgramLayers)));
    return out;
  }

  /**
   * "Non-increasing within the intervals": no step along the axis raises perplexity with the
   * paired interval excluding 0.
   */
  private static String axisLine(ExperimentResults results, SeedComparisons cmp, String axis,
      java.util.function.Predicate<ResultRow> onAxis, Comparator<ResultRow> order) {
    List<ResultRow> points = results.rows().stream().filter(r -> !r.baseline() && !r.control() && onAxis.test(r))
        .filter(r -> r.seed() == results.cell(r.name()).get(0).seed()).sorted(order).toList();
    boolean monotone = true;
    StringBuilder s = new StringBuilder();
    for (String t : results.texts()) {
      for (int i = 1; i < points.size(); i++) {
        SeedStatistics.Interval d = cmp.difference(points.get(i).name(), points.get(i - 1).name(), t);
        String v = SeedComparisons.verdict(d);
        if ("higher".equals(v)) {
          monotone = false;
          s.append(String.format(Locale.ROOT, "%s: %s -> %s higher %s; ", t, points.get(i - 1).name(),
              points.get(i).name(), interval(d)));
        }
      }
    }
    return "- " + (monotone ? "**Met**" : "**Not met**") + ": perplexity is non-increasing along the " + axis
        + " axis within the intervals" + (monotone ? "." : " (" + strip(s) + ").");
  }

  private static ResultRow centreRow(ExperimentResults results) {
    return results.cell(results.plan().centre()).get(0);
  }

  /** "[low, high]" of a paired difference in perplexity, or "(no interval)" for one seed. */
  static String interval(SeedStatistics.Interval d) {
    if (d == null) return "(not paired)";
    if (Double.isNaN(d.low())) return String.format(Locale.ROOT, "%+.2f (one seed, no interval)", d.mean());
    return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", d.mean(), d.low(), d.high());
  }

  private static String strip(StringBuilder s) {
    return s.length() >= 2 ? s.substring(0, s.length() - 2) : s.toString();
  }
}
