package dev.scone.training.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The results as markdown tables over seeds: per cell its costs, then per text the mean ± sd of
 * perplexity and the paired difference to baseline M (same seeds) with its 95% interval. Stateless.
 */
public final class ResultsTable {

  private ResultsTable() {}

  /** One line per cell and control of {@code cells}, one column pair per text of {@code texts}. */
  public static String markdown(ExperimentResults results, List<String> cells, List<String> texts) {
    if (cells.isEmpty()) throw new IllegalArgumentException("no cells to tabulate");
    SeedComparisons cmp = new SeedComparisons(results);
    StringBuilder out = new StringBuilder("| model | seeds | f-gram layers | f-grams | inference FLOPs/token "
        + "| training time (s, mean) |");
    for (String t : texts) out.append(" ").append(t).append(": mean ± sd | vs baseline M [95% CI] |");
    out.append("\n|---|---:|---:|---:|---:|---:|").append("---:|---:|".repeat(texts.size())).append('\n');
    for (String cell : cells) {
      List<ResultRow> rows = results.cell(cell);
      ResultRow first = rows.get(0);
      double seconds = rows.stream().mapToDouble(ResultRow::trainingSeconds).average().orElse(Double.NaN);
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %,d | %,.0f | %.1f |", cell, rows.size(),
          first.fgramLayers(), first.fgrams(), first.inferenceFlopsPerToken(), seconds));
      for (String t : texts) {
        SeedStatistics.Summary s = cmp.summary(cell, t);
        out.append(String.format(Locale.ROOT, " %.2f ± %s |", s.mean(),
            Double.isNaN(s.sd()) ? "-" : String.format(Locale.ROOT, "%.2f", s.sd())));
        out.append(cell.equals(ExperimentPlan.BASELINE_M) ? " - |"
            : " " + StatusBlock.interval(cmp.difference(cell, ExperimentPlan.BASELINE_M, t)) + " |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The tuning trials: family, rates, validation perplexity, and which was chosen. */
  public static String tuning(List<Tuner.Result> tuning) {
    StringBuilder out = new StringBuilder(
        "| family | peak learning rate | f-gram learning-rate scale | validation perplexity | chosen |\n"
            + "|---|---:|---:|---:|---|\n");
    for (Tuner.Result r : tuning) {
      for (Tuner.Outcome o : r.outcomes()) {
        out.append(String.format(Locale.ROOT, "| %s | %.0e | %s | %s | %s |%n", r.family(),
            o.trial().learningRate(), r.family().equals(ExperimentPlan.SCONE_FAMILY)
                ? String.format(Locale.ROOT, "%.3g", o.trial().fgramLearningRateScale()) : "-",
            Double.isNaN(o.validationPerplexity()) ? "diverged"
                : String.format(Locale.ROOT, "%.2f", o.validationPerplexity()),
            o.trial().equals(r.chosen()) ? "**yes**" : ""));
      }
    }
    return out.toString();
  }

  /** Why SCONE gains or loses per text: match rate, matched length, row norms (the centre, first seed). */
  /** One row per text: the share matched, the two paired differences, and the matched part of the total. */
  public static String positionSplits(List<PositionSplit> splits) {
    StringBuilder out = new StringBuilder("| text | seeds | positions reading an f-gram row | difference there "
        + "| difference at the other positions | part of the total from f-gram positions |\n"
        + "|---|---:|---:|---|---|---:|\n");
    for (PositionSplit p : splits) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %s | %.2f |%n", p.text(), p.matched().n(),
          p.matchedShare(), logLossInterval(p.matched()), logLossInterval(p.unmatched()), p.matchedPartOfTotal()));
    }
    return out.toString();
  }

  private static String logLossInterval(SeedStatistics.Interval i) {
    String mean = String.format(Locale.ROOT, "%+.4f", i.mean());
    if (Double.isNaN(i.low())) return mean;
    String text = String.format(Locale.ROOT, "%s [%+.4f, %+.4f]", mean, i.low(), i.high());
    return i.excludesZero() ? "**" + text + "**" : text;
  }

  public static String diagnostics(List<DomainDiagnostics> diagnostics) {
    StringBuilder out = new StringBuilder("| text | positions | positions reading an f-gram row | mean matched length "
        + "| mean f-gram row norm | mean token row norm (same positions) | ratio |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (DomainDiagnostics d : diagnostics) {
      out.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.2f | %.2f | %.2f | %.1f |%n", d.text(), d.tokens(),
          d.matchedFraction(), d.meanLength(), d.fgramRowNorm(), d.tokenRowNorm(), d.normRatio()));
    }
    return out.toString();
  }
}
