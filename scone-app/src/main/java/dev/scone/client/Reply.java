package dev.scone.client;

/**
 * The answer to one request, as it came.
 *
 * @param id the request's id
 * @param json the record value, UTF-8 JSON as the server wrote it (a response or an error)
 * @param correlationId the answer's {@code correlation_id} header, or null when it has none
 * @param topic the topic the answer came on
 */
public record Reply(String id, String json, String correlationId, String topic) {}
