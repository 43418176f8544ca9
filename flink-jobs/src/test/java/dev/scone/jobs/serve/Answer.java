package dev.scone.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A record read back from an answer or dead-letter topic: key and headers as UTF-8, value as bytes. */
public record Answer(String topic, String key, byte[] value, Map<String, String> headers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  String text() {
    return new String(value, StandardCharsets.UTF_8);
  }

  public JsonNode json() {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("answer on " + topic + " is not JSON: " + text(), e);
    }
  }

  String header(String name) {
    return headers.get(name);
  }
}
