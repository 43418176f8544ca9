package dev.scone.jobs.serve.protocol;

/**
 * One record the job writes: an answer on the responses (or reply_to) topic, or a dead letter.
 * A flat record of Flink-serializable fields (no header list) so it needs no Kryo.
 *
 * @param topic where it goes
 * @param key the request id (UTF-8), or the original key for a dead letter whose id was not readable; may be null
 * @param value the JSON answer, or the original request bytes for a dead letter
 * @param correlationId copied into a {@code correlation_id} header when not null
 * @param errorCode for a dead letter: the {@code error.code} header; null otherwise
 * @param errorMessage for a dead letter: the {@code error.message} header; null otherwise
 */
public record Outbound(String topic, byte[] key, byte[] value, byte[] correlationId, String errorCode,
    String errorMessage) {

  /** An answer (response or error response). */
  public static Outbound answer(String topic, byte[] key, byte[] value, byte[] correlationId) {
    return new Outbound(topic, key, value, correlationId, null, null);
  }

  /** A dead letter carrying the original bytes and the refusal. */
  public static Outbound deadLetter(String topic, byte[] key, byte[] value, byte[] correlationId, ErrorCode code,
      String message) {
    return new Outbound(topic, key, value, correlationId, code.wireName(), message);
  }

  public boolean isDeadLetter() {
    return errorCode != null;
  }
}
