package dev.scone.jobs.serve.protocol;

import java.util.Locale;

/**
 * Why a request was not answered by the model. The wire name ({@link #wireName()}) is what the
 * {@code error.code} header of a {@code scone.requests.dlq} record and the {@code error.code}
 * field of an error response carry.
 */
public enum ErrorCode {
  /** The value is not valid UTF-8 (checked strictly: malformed and unmappable bytes are refused). */
  NOT_UTF8,
  /** The value is not one JSON document: syntax error, trailing data, or a field given twice. */
  NOT_JSON,
  /** A required field is absent or null: {@code id}, {@code op}, {@code text} (score), {@code prompt} (generate). */
  MISSING_FIELD,
  /** A field (or the whole value) has the wrong JSON type, e.g. {@code "max_tokens": "8"} or a top-level array. */
  WRONG_TYPE,
  /** {@code op} is neither {@code score} nor {@code generate}. */
  UNKNOWN_OP,
  /** A value is outside its range: {@code max_tokens}, {@code temperature}, {@code top_k}, {@code top_p}, empty text, schema_version != 1. */
  OUT_OF_RANGE,
  /** The request is over a {@link dev.scone.jobs.serve.ServingLimits} size limit (bytes, tokens, id or stop length). */
  TOO_LARGE,
  /** The {@code reply_to} header is not UTF-8, not a legal Kafka topic name, or names a topic that does not exist. */
  BAD_HEADER,
  /** A valid request the model failed on (answered with an error response, no dead letter). */
  MODEL_ERROR,
  /**
   * A valid request that waited longer than the service's queue limit before the model could take
   * it: answered at once, without the model, so the backlog drains (no dead letter; retry later).
   */
  OVERLOADED;

  /** The lower-case name on the wire, e.g. {@code not_json}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
