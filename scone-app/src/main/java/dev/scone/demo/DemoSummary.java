package dev.scone.demo;

import java.util.List;
import java.util.Locale;

/**
 * What one demo run did, for the closing table (and for tests). Immutable.
 *
 * @param vocabVersions vocabulary versions announced on scone.vocab during the run
 * @param tableVersions bundle versions announced on scone.tables during the run
 * @param servedVersions bundle versions that answered requests, ascending
 * @param perplexityBaseline held-out perplexity of the baseline (no f-grams)
 * @param perplexitySconeInitial held-out perplexity of the SCONE bundle served first
 * @param perplexitySconeFinal held-out perplexity of the newest SCONE bundle at the end
 * @param heldOutTokens how many tokens the perplexities are over
 * @param refreshesAccepted gate decisions on the refresh path accepted / rejected, likewise retrains
 * @param retrainsFailed warm-start retrains that failed to train (after their one retry): no gate decision
 * @param vocabLagSeconds mean time from the end of a batch to the announcement of its vocabulary (NaN: none)
 * @param swapLagSeconds mean time from a table's announcement to the first answer from it (NaN: none)
 * @param broker the Kafka bootstrap servers the demo used
 * @param brokerStarted whether the demo started (and so stopped) that broker
 */
public record DemoSummary(String plan, boolean modelsReused, long initialBundle, long finalBundle,
    List<Long> vocabVersions, List<Long> tableVersions, List<Long> servedVersions,
    double perplexityBaseline, double perplexitySconeInitial, double perplexitySconeFinal, long heldOutTokens,
    int refreshesAccepted, int refreshesRejected, int retrainsAccepted, int retrainsRejected, int retrainsFailed,
    long scoreAnswered, long generateAnswered, long errors, double meanLatencyMs,
    long documentsStreamed, long wordsStreamed, double streamSeconds, double vocabLagSeconds, double swapLagSeconds,
    double wallSeconds, String broker, boolean brokerStarted) {

  /** The closing table, one fact a line. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    row(b, "plan", plan + (modelsReused ? " (models reused from an earlier run)" : " (models trained in this run)"));
    row(b, "bundles served", "v" + initialBundle + " at the start, v" + finalBundle + " at the end; answers came from "
        + versions(servedVersions));
    row(b, "vocabularies announced", versions(vocabVersions) + " on scone.vocab");
    row(b, "tables announced", versions(tableVersions) + " on scone.tables");
    row(b, "trainer gate", String.format(Locale.ROOT,
        "refresh: %d accepted, %d rejected; retrain: %d accepted, %d rejected by the gate, %d failed to train",
        refreshesAccepted, refreshesRejected, retrainsAccepted, retrainsRejected, retrainsFailed));
    row(b, "held-out perplexity", String.format(Locale.ROOT,
        "baseline %.1f, SCONE %.1f at the start, %.1f at the end (%,d later tokens)", perplexityBaseline,
        perplexitySconeInitial, perplexitySconeFinal, heldOutTokens));
    row(b, "requests answered", String.format(Locale.ROOT, "%d score, %d generate, %d errors; mean server latency %.0f ms",
        scoreAnswered, generateAnswered, errors, meanLatencyMs));
    row(b, "corpus streamed", String.format(Locale.ROOT, "%d addresses, %,d words in %.1f s (%,.0f words/s)",
        documentsStreamed, wordsStreamed, streamSeconds, streamSeconds > 0 ? wordsStreamed / streamSeconds : 0.0));
    row(b, "freshness", String.format(Locale.ROOT,
        "a new vocabulary %.1f s after its text arrived, a new table served %.1f s after its announcement (means)",
        vocabLagSeconds, swapLagSeconds));
    row(b, "kafka", broker + (brokerStarted ? " (started and stopped by the demo)" : " (found running, left running)"));
    row(b, "wall time", String.format(Locale.ROOT, "%.1f s", wallSeconds));
    return b.toString();
  }

  private static String versions(List<Long> v) {
    if (v.isEmpty()) return "none";
    return String.join(", ", v.stream().map(x -> "v" + x).toList());
  }

  private static void row(StringBuilder b, String key, String value) {
    b.append(String.format(Locale.ROOT, "  %-23s %s%n", key, value));
  }
}
