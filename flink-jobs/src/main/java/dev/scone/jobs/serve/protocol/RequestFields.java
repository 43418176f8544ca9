package dev.scone.jobs.serve.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of one request's fields, each refusing with the field's name, what was expected
 * and what was found. Absent and JSON null count as absent. Not thread-safe (one per request).
 */
final class RequestFields {
  private final JsonNode object;
  private final String id;

  RequestFields(JsonNode object, String id) {
    this.object = object;
    this.id = id;
  }

  private JsonNode get(String name) {
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? null : node;
  }

  boolean has(String name) {
    return get(name) != null;
  }

  String requiredText(String name) throws InvalidRequest {
    JsonNode node = get(name);
    if (node == null) throw refuse(ErrorCode.MISSING_FIELD, "'" + name + "' is required");
    if (!node.isTextual()) throw wrongType(name, "a string", node);
    return node.textValue();
  }

  long integer(String name, long fallback, long min, long max) throws InvalidRequest {
    JsonNode node = get(name);
    if (node == null) return fallback;
    if (!node.isIntegralNumber()) throw wrongType(name, "an integer", node);
    if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      throw refuse(ErrorCode.OUT_OF_RANGE, "'" + name + "' must be in [" + min + ", " + max + "], found "
          + node.asText());
    }
    return node.longValue();
  }

  /** A number in [min, max] (or (min, max] when {@code minExclusive}). */
  double number(String name, double fallback, double min, boolean minExclusive, double max) throws InvalidRequest {
    JsonNode node = get(name);
    if (node == null) return fallback;
    if (!node.isNumber()) throw wrongType(name, "a number", node);
    double v = node.doubleValue();
    boolean aboveMin = minExclusive ? v > min : v >= min;
    if (!aboveMin || !(v <= max)) {
      throw refuse(ErrorCode.OUT_OF_RANGE, "'" + name + "' must be in " + (minExclusive ? "(" : "[") + min + ", "
          + max + "], found " + node.asText());
    }
    return v;
  }

  boolean bool(String name, boolean fallback) throws InvalidRequest {
    JsonNode node = get(name);
    if (node == null) return fallback;
    if (!node.isBoolean()) throw wrongType(name, "true or false", node);
    return node.booleanValue();
  }

  /** An array of non-empty strings, at most {@code maxCount} of at most {@code maxChars} chars each. */
  String[] stopSequences(String name, int maxCount, int maxChars) throws InvalidRequest {
    JsonNode node = get(name);
    if (node == null) return new String[0];
    if (!node.isArray()) throw wrongType(name, "an array of strings", node);
    if (node.size() > maxCount) {
      throw refuse(ErrorCode.TOO_LARGE, "'" + name + "' has " + node.size() + " entries, at most " + maxCount
          + " allowed");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode e = node.get(i);
      String at = name + "[" + i + "]";
      if (!e.isTextual()) throw wrongType(at, "a string", e);
      if (e.textValue().isEmpty()) throw refuse(ErrorCode.OUT_OF_RANGE, "'" + at + "' is empty; stop sequences must not be");
      if (e.textValue().length() > maxChars) {
        throw refuse(ErrorCode.TOO_LARGE, "'" + at + "' has " + e.textValue().length() + " chars, at most " + maxChars
            + " allowed");
      }
      out.add(e.textValue());
    }
    return out.toArray(new String[0]);
  }

  InvalidRequest wrongType(String name, String expected, JsonNode found) {
    return refuse(ErrorCode.WRONG_TYPE, "'" + name + "' must be " + expected + ", found " + kind(found));
  }

  InvalidRequest refuse(ErrorCode code, String message) {
    return new InvalidRequest(code, message, id);
  }

  /** The JSON type of a node, for messages: "string", "number 1.5", "array", ... */
  static String kind(JsonNode node) {
    if (node.isTextual()) return "a string";
    if (node.isNumber()) return "the number " + node.asText();
    if (node.isBoolean()) return node.asText();
    if (node.isArray()) return "an array";
    if (node.isObject()) return "an object";
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
