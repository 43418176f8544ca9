package dev.scone.training.refresh;

import java.util.List;
import java.util.Locale;

/**
 * The refresh study's table: one row per condition, perplexity on the same held-out tokens.
 *
 * @param setup one line describing the split, model and sizes
 * @param heldOutTokens next tokens scored per condition
 * @param newFgramShare share of the refreshed vocabulary's f-grams the old one did not have
 * @param unknownShare share of held-out tokens the model's vocabulary (early text) maps to UNK; every
 *     condition keeps that vocabulary, so these are scored as UNK alike
 * @param rows (a) old table, (b) refreshed table, (c) warm-start retrain, (d) its control with the old vocabulary
 */
public record RefreshStudyResult(String setup, long heldOutTokens, double newFgramShare, double unknownShare,
    List<Row> rows) {

  /**
   * @param condition what was served
   * @param fgrams |F| of its table
   * @param perplexity held-out perplexity through the served table
   * @param gate the gate's decision against the old bundle ("-" for the old bundle itself)
   */
  public record Row(String condition, int fgrams, double perplexity, String gate) {}

  /** The table as GitHub markdown, with the setup above it. */
  public String toMarkdown() {
    double old = rows.get(0).perplexity();
    StringBuilder out = new StringBuilder();
    out.append("Refresh study: ").append(setup).append('\n');
    out.append(String.format(Locale.ROOT, "Held-out tokens: %,d (%.1f%% UNK to the model's vocabulary); new f-grams in"
        + " the refreshed vocabulary: %.1f%%%n%n", heldOutTokens, 100 * unknownShare, 100 * newFgramShare));
    out.append("| condition | f-grams | held-out perplexity | vs (a) | gate |\n");
    out.append("|---|---:|---:|---:|---|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %+.2f%% | %s |%n", r.condition(), r.fgrams(),
          r.perplexity(), 100 * (r.perplexity() / old - 1), r.gate()));
    }
    return out.toString();
  }
}
