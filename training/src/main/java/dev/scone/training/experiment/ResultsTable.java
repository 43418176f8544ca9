package dev.scone.training.experiment;

import java.util.List;
import java.util.Locale;

/** The results as a markdown table: one line per row, one perplexity column per evaluation corpus. */
public final class ResultsTable {

  private ResultsTable() {}

  /** {@code rows} must all carry the same evaluation corpora (the first row's order is used). */
  public static String markdown(List<ResultRow> rows) {
    if (rows.isEmpty()) throw new IllegalArgumentException("no rows to tabulate");
    List<String> corpora = List.copyOf(rows.get(0).perplexity().keySet());
    StringBuilder out = new StringBuilder("| model | f-gram layers | parameters on accelerator | table rows "
        + "| inference FLOPs/token | training time (s) |");
    for (String c : corpora) out.append(" perplexity ").append(c).append(" test |");
    out.append("\n|---|---:|---:|---:|---:|---:|");
    out.append("---:|".repeat(corpora.size())).append('\n');
    for (ResultRow r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,.0f | %.1f |", r.name(), r.fgramLayers(),
          r.acceleratorParameters(), r.tableRows(), r.inferenceFlopsPerToken(), r.trainingSeconds()));
      for (String c : corpora) {
        Double p = r.perplexity().get(c);
        out.append(p == null ? " - |" : String.format(Locale.ROOT, " %.2f |", p));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
