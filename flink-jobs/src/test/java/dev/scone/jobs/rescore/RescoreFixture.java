package dev.scone.jobs.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random documents, JSONL files and the reference: each document scored alone by {@code ServedBundle.scorer().score}. */
final class RescoreFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Batching packs windows into other forwards than a lone score; float32 rounding differs by this much at most. */
  static final double TOLERANCE = 1e-4;
  private static final String[] WORDS = ("the of and to a in that is was he for it with as his on be at by "
      + "state union nation people congress year government war peace law great new must our we will "
      + "america world free work men women children economy tax budget").split(" ");

  private RescoreFixture() {}

  /** {@code count} documents id to text, lengths 1 to ~90 words (many longer than the 32-token context). */
  static Map<String, String> documents(Random random, int count) {
    Map<String, String> docs = new LinkedHashMap<>();
    for (int d = 0; d < count; d++) {
      int words = 1 + random.nextInt(d % 3 == 0 ? 90 : 20);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      docs.put("doc-" + d, d % 5 == 0 ? text + ". Über naïve café!" : text.toString());
    }
    return docs;
  }

  static void writeJsonl(Path file, Map<String, String> docs) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> e : docs.entrySet()) lines.add(jsonLine(e.getKey(), e.getValue()));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  static String jsonLine(String id, String text) {
    return JSON.createObjectNode().put("id", id).put("text", text).toString();
  }

  /** Every document scored alone, the way a direct caller would. */
  static Map<String, Score> reference(Path bundleDir, Map<String, String> docs) throws IOException {
    Map<String, Score> scores = new LinkedHashMap<>();
    try (ModelBundle bundle = ModelBundle.open(bundleDir); ServedBundle served = ServedBundle.open(bundle, Device.cpu())) {
      for (Map.Entry<String, String> e : docs.entrySet()) {
        scores.put(e.getKey(), served.scorer().score(served.tokenizer().encode(e.getValue())));
      }
    }
    return scores;
  }

  /** Output lines by id; fails on a duplicate id. */
  static Map<String, JsonNode> byId(List<String> lines) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      JsonNode previous = out.put(node.get("id").asText(), node);
      assertEquals(null, previous, "a second line for id " + node.get("id") + ": " + line);
    }
    return out;
  }

  /** Each output line equals the reference score of its document, and there is one per document. */
  static void assertScoresEqual(Map<String, Score> expected, Map<String, JsonNode> lines, String modelVersion, boolean logprobs) {
    assertEquals(expected.keySet(), lines.keySet(), "one line per document");
    for (Map.Entry<String, Score> e : expected.entrySet()) {
      JsonNode line = lines.get(e.getKey());
      Score s = e.getValue();
      String what = e.getKey() + ": " + line;
      assertEquals(s.tokens(), line.get("tokens").asInt(), what);
      assertEquals(s.logprob(), line.get("logprob").asDouble(), TOLERANCE * Math.max(1, s.scored()), what);
      if (s.scored() == 0) assertTrue(line.get("perplexity").isNull(), what);
      else assertEquals(s.perplexity(), line.get("perplexity").asDouble(), TOLERANCE * s.perplexity(), what);
      assertEquals(modelVersion, line.get("model_version").asText(), what);
      assertEquals(1, line.get("table_version").asLong(), what);
      assertEquals(1, line.get("schema_version").asInt(), what);
      assertEquals(logprobs, line.has("token_logprobs"), what);
      if (logprobs) {
        JsonNode lps = line.get("token_logprobs");
        assertEquals(s.scored(), lps.size(), what);
        for (int j = 0; j < s.scored(); j++) assertEquals(s.tokenLogprobs()[j], lps.get(j).asDouble(), TOLERANCE, what + " token " + j);
      }
    }
  }
}
