package dev.scone.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generated bad requests, each with the {@code error.code} the serving job must dead-letter it
 * with. Case {@code n} is of kind {@code n % KINDS}; its key is {@code "bad-" + n}, and so is its
 * id wherever it has a readable one, so the dead letter's key is always the case's key. Requests
 * over the job's 64 KiB limit, and requests with a ~900 KB correlation_id header, are one in
 * {@value #LARGE_EVERY} each only, to keep 10,000 cases small.
 */
public final class HostileInputs {
  static final int LARGE_EVERY = 500;

  /** One bad request: its key, value, headers (name, value pairs) and the expected wire error code. */
  public record BadRequest(String key, byte[] value, List<String> headers, String expectedCode) {}

  private static final String[] KINDS = {
    "truncated", "not-utf8", "raw-control-char", "negative-max-tokens", "huge-max-tokens", "string-max-tokens",
    "unknown-op", "missing-id", "top-level-array", "empty", "number-text", "huge-temperature", "negative-top-k",
    "schema-version-2", "missing-reply-topic", "long-id", "trailing-data", "field-twice", "overlong-utf8",
    "null-op", "empty-text", "bad-reply-header", "top-p-zero", "nested-id", "reply-to-requests",
    "reply-to-dead-letters", "reply-to-tables", "long-correlation-id"
  };

  private HostileInputs() {}

  public static int kinds() {
    return KINDS.length;
  }

  /** The kind of case {@code n}, for reports. */
  public static String kind(int n) {
    if (n % LARGE_EVERY == LARGE_EVERY - 1) return "too-large-value";
    if (n % LARGE_EVERY == LARGE_EVERY / 2) return "huge-correlation-id";
    return KINDS[n % KINDS.length];
  }

  /** Case {@code n}. */
  public static BadRequest of(int n) {
    String id = "bad-" + n;
    String q = "\"" + id + "\"";
    return switch (kind(n)) {
      case "too-large-value" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"" + "a ".repeat(40_000) + "\"}", "too_large");
      // Near the broker's 1 MiB record limit: copied into the answer, it would have failed the sink.
      case "huge-correlation-id" -> withHeader(id, q, "correlation_id", "c".repeat(900_000));
      case "truncated" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"the ca", "not_json");
      case "not-utf8" -> new BadRequest(id, concat("{\"id\":" + q + ",\"op\":\"score\",\"text\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}"),
          List.of(), "not_utf8");
      case "raw-control-char" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"a\u0001b\u0000c\"}", "not_json");
      case "negative-max-tokens" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"max_tokens\":-" + (n % 1000 + 1) + "}", "out_of_range");
      case "huge-max-tokens" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"max_tokens\":99999999999}", "out_of_range");
      case "string-max-tokens" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"max_tokens\":\"8\"}", "wrong_type");
      case "unknown-op" -> bad(id, "{\"id\":" + q + ",\"op\":\"drop_tables\",\"text\":\"x\"}", "unknown_op");
      case "missing-id" -> bad(id, "{\"op\":\"score\",\"text\":\"the cat\"}", "missing_field");
      case "top-level-array" -> bad(id, "[" + q + ",\"score\"]", "wrong_type");
      case "empty" -> bad(id, "", "not_json");
      case "number-text" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":12345}", "wrong_type");
      case "huge-temperature" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"temperature\":1e300}", "out_of_range");
      case "negative-top-k" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"top_k\":-1}", "out_of_range");
      case "schema-version-2" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"x\",\"schema_version\":2}", "out_of_range");
      case "missing-reply-topic" -> new BadRequest(id, utf8("{\"id\":" + q + ",\"op\":\"score\",\"text\":\"the cat\"}"),
          List.of("reply_to", "no.such.topic." + n), "bad_header");
      case "long-id" -> bad(id, "{\"id\":\"" + "x".repeat(300) + "\",\"op\":\"score\",\"text\":\"x\"}", "too_large");
      case "trailing-data" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"x\"} {\"id\":\"other\"}", "not_json");
      case "field-twice" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"op\":\"generate\",\"text\":\"x\"}", "not_json");
      case "overlong-utf8" -> new BadRequest(id, concat("{\"id\":" + q + ",\"op\":\"score\",\"text\":\"", new byte[] {(byte) 0xc0, (byte) 0xaf}, "\"}"),
          List.of(), "not_utf8");
      case "null-op" -> bad(id, "{\"id\":" + q + ",\"op\":null,\"text\":\"x\"}", "missing_field");
      case "empty-text" -> bad(id, "{\"id\":" + q + ",\"op\":\"score\",\"text\":\"\"}", "out_of_range");
      case "bad-reply-header" -> new BadRequest(id, utf8("{\"id\":" + q + ",\"op\":\"score\",\"text\":\"x\"}"),
          List.of("reply_to", "../../etc/passwd"), "bad_header");
      case "top-p-zero" -> bad(id, "{\"id\":" + q + ",\"op\":\"generate\",\"prompt\":\"the\",\"top_p\":0}", "out_of_range");
      case "nested-id" -> bad(id, "{\"id\":{\"$ne\":null},\"op\":\"score\",\"text\":\"x\"}", "wrong_type");
      // reply_to may not aim answers at the service's own topics (it would feed answers back in as
      // requests, or forge dead letters and bundle announcements)
      case "reply-to-requests" -> withHeader(id, q, "reply_to", "scone.requests");
      case "reply-to-dead-letters" -> withHeader(id, q, "reply_to", "scone.requests.dlq");
      case "reply-to-tables" -> withHeader(id, q, "reply_to", "scone.tables");
      // a correlation_id is copied into the answer, so it is bounded (1 KiB)
      case "long-correlation-id" -> withHeader(id, q, "correlation_id", "c".repeat(2048));
      default -> throw new IllegalStateException("no case for kind " + kind(n));
    };
  }

  /** A valid request with id {@code id}: a score, or every third a short generate. */
  public static String valid(String id, int n) {
    return n % 3 == 0
        ? "{\"id\":\"" + id + "\",\"op\":\"generate\",\"prompt\":\"the cat\",\"max_tokens\":2,\"seed\":" + n + "}"
        : "{\"id\":\"" + id + "\",\"op\":\"score\",\"text\":\"the dog ran home " + n + "\"}";
  }

  /** All cases [0, count). */
  public static List<BadRequest> first(int count) {
    List<BadRequest> all = new ArrayList<>(count);
    for (int n = 0; n < count; n++) all.add(of(n));
    return all;
  }

  /** A valid score request whose one header makes it a bad_header. */
  private static BadRequest withHeader(String id, String quotedId, String header, String value) {
    return new BadRequest(id, utf8("{\"id\":" + quotedId + ",\"op\":\"score\",\"text\":\"the cat\"}"),
        List.of(header, value), "bad_header");
  }

  private static BadRequest bad(String key, String value, String code) {
    return new BadRequest(key, utf8(value), List.of(), code);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    byte[] h = utf8(head);
    byte[] t = utf8(tail);
    byte[] all = Arrays.copyOf(h, h.length + middle.length + t.length);
    System.arraycopy(middle, 0, all, h.length, middle.length);
    System.arraycopy(t, 0, all, h.length + middle.length, t.length);
    return all;
  }
}
