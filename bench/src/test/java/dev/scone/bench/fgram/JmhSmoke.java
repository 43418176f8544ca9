package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The smallest JMH run the tests make, and the JSON contract every bench result keeps. */
final class JmhSmoke {
  /** In this JVM (no fork), no warm-up, one measured iteration of 100 ms per method. */
  static final JmhSideBySide.Settings SETTINGS = new JmhSideBySide.Settings(0, 0, 1, 1, 100);

  static {
    // Other builds on the same machine may hold JMH's /tmp lock; a smoke run times nothing that matters.
    System.setProperty("jmh.ignoreLock", "true");
  }

  private JmhSmoke() {}

  /** {@code --json}'s line: the contract fields, with the rates JMH measured and their ratio. */
  static JsonNode assertContract(BenchResult r, String bench, String unit) throws Exception {
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    for (String field : new String[] {"bench", "value", "unit", "baseline", "ratio", "baseline_name"}) {
      assertTrue(json.has(field), field + " in " + json);
    }
    assertEquals(bench, json.get("bench").asText());
    assertEquals(unit, json.get("unit").asText());
    assertTrue(json.get("value").asDouble() > 0 && json.get("baseline").asDouble() > 0, r.toTable());
    assertEquals(json.get("value").asDouble() / json.get("baseline").asDouble(), json.get("ratio").asDouble(), 1e-9);
    return json;
  }
}
