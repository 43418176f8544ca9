package dev.scone.training.eval;

/**
 * A perplexity measurement: how many next tokens were scored and their summed negative
 * log-likelihood in nats.
 *
 * @param targets the number of scored positions, >= 0
 * @param totalNll their summed -log p, nats
 */
public record PerplexityResult(long targets, double totalNll) {

  /** Mean nats per scored token (NaN when nothing was scored). */
  public double meanNll() {
    return targets == 0 ? Double.NaN : totalNll / targets;
  }

  /** exp(mean NLL). */
  public double perplexity() {
    return Math.exp(meanNll());
  }
}
