package dev.scone.jobs.serve.protocol;

/**
 * A validated request, ready for the model: every field within {@link dev.scone.jobs.serve.ServingLimits}.
 * A flat record of Flink-serializable fields; arrays are the record's own, do not change them.
 *
 * @param id the request id (non-empty)
 * @param op score or generate
 * @param tokens tokenizer ids of {@code text} (score) or {@code prompt} (generate), at least one
 * @param maxTokens generate: most new tokens
 * @param temperature generate: 0 is greedy
 * @param topK generate: 0 = off
 * @param topP generate: in (0, 1]
 * @param seed generate: sampling seed (same seed, same text)
 * @param stop generate: stop sequences (possibly none)
 * @param logprobs whether the answer lists per-token log-probabilities
 * @param replyTo topic to answer on, or null for the default responses topic
 * @param correlationId header bytes to copy to the answer, or null
 * @param receivedAtMs when the job read the request (wall clock, ms)
 * @param enqueuedAtMs when the request joined the service's queue ({@link RawRequest#enqueuedAtMs()})
 */
public record ServeRequest(String id, Op op, int[] tokens, int maxTokens, double temperature, int topK, double topP,
    long seed, String[] stop, boolean logprobs, String replyTo, byte[] correlationId, long receivedAtMs,
    long enqueuedAtMs) {}
