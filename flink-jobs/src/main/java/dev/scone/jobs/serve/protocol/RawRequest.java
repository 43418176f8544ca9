package dev.scone.jobs.serve.protocol;

/**
 * A {@code scone.requests} record as read from Kafka, before parsing: the bytes are kept so a
 * refused request reaches the dead-letter topic unchanged.
 *
 * @param key the record key, or null
 * @param value the record value, or null (a tombstone)
 * @param replyTo the {@code reply_to} header's bytes (UTF-8 expected), or null when absent
 * @param correlationId the {@code correlation_id} header's bytes, or null when absent (copied
 *     to the answer byte for byte)
 * @param receivedAtMs wall-clock ms when the job read the record; latency_ms counts from here
 * @param enqueuedAtMs when the request joined the service's queue: its record's timestamp (the
 *     broker's append time on a requests topic the service created), never after {@code receivedAtMs}
 */
public record RawRequest(byte[] key, byte[] value, byte[] replyTo, byte[] correlationId, long receivedAtMs,
    long enqueuedAtMs) {

  /** A record read at {@code receivedAtMs} that waited nowhere before. */
  public RawRequest(byte[] key, byte[] value, byte[] replyTo, byte[] correlationId, long receivedAtMs) {
    this(key, value, replyTo, correlationId, receivedAtMs, receivedAtMs);
  }
}
