package dev.scone.training.refresh;

/**
 * The rule a candidate bundle must pass to be published: its held-out perplexity may not be
 * worse than the current bundle's, {@code candidate <= current * (1 - minRelativeGain)}. With
 * the default {@code minRelativeGain = 0} "not worse" is the rule (equal passes); a positive value
 * demands an improvement of that fraction, a negative one tolerates a loss of that fraction.
 * Non-finite perplexities never pass. Immutable and thread-safe.
 *
 * @param minRelativeGain in (-1, 1): the fraction by which the candidate must beat the current
 */
public record QualityGate(double minRelativeGain) {

  public QualityGate {
    if (!(minRelativeGain > -1 && minRelativeGain < 1)) {
      throw new IllegalArgumentException("minRelativeGain must be in (-1, 1), got " + minRelativeGain);
    }
  }

  /** "Not worse": the candidate passes when its perplexity is at most the current one. */
  public static QualityGate notWorse() {
    return new QualityGate(0);
  }

  /** The highest candidate perplexity that passes against {@code current}. */
  public double threshold(double current) {
    return current * (1 - minRelativeGain);
  }

  /** Whether a candidate with perplexity {@code candidate} may replace one with {@code current}. */
  public boolean passes(double current, double candidate) {
    return Double.isFinite(current) && Double.isFinite(candidate) && candidate <= threshold(current);
  }

  /** The decision for one comparison, with both numbers and why. */
  public GateDecision decide(String path, long heldOutTokens, double current, double candidate) {
    boolean accepted = passes(current, candidate);
    String reason;
    if (!Double.isFinite(current) || !Double.isFinite(candidate)) {
      reason = "a perplexity is not finite (current " + current + ", candidate " + candidate + ")";
    } else {
      reason = String.format("candidate %.4f %s threshold %.4f (current %.4f, min relative gain %.4f)", candidate,
          accepted ? "<=" : ">", threshold(current), current, minRelativeGain);
    }
    return new GateDecision(path, accepted, current, candidate, heldOutTokens, minRelativeGain, reason);
  }
}
