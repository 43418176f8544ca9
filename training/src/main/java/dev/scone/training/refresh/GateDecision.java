package dev.scone.training.refresh;

/**
 * What the {@link QualityGate} decided for one candidate: written into a published bundle's
 * manifest (eval results, snake_case keys) and logged for rejected ones. Immutable.
 *
 * @param path {@code "refresh"} (vocabulary refresh) or {@code "retrain"} (warm-start retrain)
 * @param accepted whether the candidate was published
 * @param currentPerplexity the current bundle's held-out perplexity (served table path)
 * @param candidatePerplexity the candidate's, on the same tokens
 * @param heldOutTokens how many next tokens both were scored on
 * @param minRelativeGain the gate's setting
 * @param reason the comparison in words
 */
public record GateDecision(
    String path,
    boolean accepted,
    double currentPerplexity,
    double candidatePerplexity,
    long heldOutTokens,
    double minRelativeGain,
    String reason) {}
