package dev.scone.jobs.serve.protocol;

/** What a request asks for. */
public enum Op {
  /** Log-probabilities and perplexity of {@code text}. */
  SCORE,
  /** A continuation of {@code prompt}. */
  GENERATE;

  /** {@code score} or {@code generate}, as on the wire. */
  public String wireName() {
    return this == SCORE ? "score" : "generate";
  }
}
