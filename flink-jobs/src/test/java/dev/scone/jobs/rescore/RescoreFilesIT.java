package dev.scone.jobs.rescore;

import static dev.scone.jobs.rescore.RescoreFixture.assertScoresEqual;
import static dev.scone.jobs.rescore.RescoreFixture.byId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.jobs.rescore.RescoreInput.JsonlFiles;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.model.infer.Score;
import dev.scone.testing.TinyBundles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** JSONL files -> the rescore job (parallelism 2, checkpointing on) -> one JSONL file, on a MiniCluster. */
class RescoreFilesIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir static Path store;
  @TempDir Path dir;

  private static Map<String, String> docs;
  private static TinyBundles.Published bundle;

  @BeforeAll
  static void publishBundle() throws Exception {
    docs = RescoreFixture.documents(new Random(5), 30);
    bundle = TinyBundles.publish(store, List.copyOf(docs.values()), 40, 7);
  }

  private RescoreConfig config(List<Path> in, Path out, boolean logprobs) {
    return RescoreConfig.of(bundle.directory(), new JsonlFiles(in), new JsonlFile(out), logprobs, 2, dir.resolve("checkpoints"))
        .withBatchDocuments(4).withCheckpointInterval(200);
  }

  @Test
  void jsonlFilesRescoreToOneLinePerDocumentEqualToDirectScoring() throws Exception {
    Map<String, String> first = new LinkedHashMap<>();
    Map<String, String> second = new LinkedHashMap<>();
    docs.forEach((id, text) -> (first.size() < 12 ? first : second).put(id, text));
    RescoreFixture.writeJsonl(dir.resolve("a.jsonl"), first);
    RescoreFixture.writeJsonl(dir.resolve("b.jsonl"), second);
    Path out = dir.resolve("scores.jsonl");

    RescoreRun.Result result = RescoreRun.run(config(List.of(dir.resolve("a.jsonl"), dir.resolve("b.jsonl")), out, false), false);

    List<String> lines = Files.readAllLines(out);
    assertScoresEqual(RescoreFixture.reference(bundle.directory(), docs), byId(lines), bundle.modelVersion(), false);
    assertEquals(docs.size(), result.lines());
    assertEquals(0, result.errors());
    assertFalse(Files.exists(new JsonlFile(out).partsDir()), "the parts directory is merged and removed");
  }

  @Test
  void logprobsOptionWritesEachScoredTokensLogprobSummingToTheLogprob() throws Exception {
    Map<String, String> some = new LinkedHashMap<>();
    docs.entrySet().stream().limit(10).forEach(e -> some.put(e.getKey(), e.getValue()));
    RescoreFixture.writeJsonl(dir.resolve("in.jsonl"), some);
    Path out = dir.resolve("scores.jsonl");

    RescoreRun.run(config(List.of(dir.resolve("in.jsonl")), out, true), false);

    Map<String, JsonNode> lines = byId(Files.readAllLines(out));
    Map<String, Score> expected = RescoreFixture.reference(bundle.directory(), some);
    assertScoresEqual(expected, lines, bundle.modelVersion(), true);
    for (JsonNode line : lines.values()) {
      double sum = 0;
      for (JsonNode lp : line.get("token_logprobs")) sum += lp.asDouble();
      assertEquals(line.get("logprob").asDouble(), sum, 1e-9, line.toString());
    }
  }

  @Test
  void badLinesBecomeErrorLinesAndTheGoodOnesAreStillScored() throws Exception {
    Map<String, String> good = new LinkedHashMap<>();
    docs.entrySet().stream().limit(4).forEach(e -> good.put(e.getKey(), e.getValue()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> goodLines = good.entrySet().stream().map(e -> RescoreFixture.jsonLine(e.getKey(), e.getValue())).toList();
    bytes.writeBytes((goodLines.get(0) + "\nplain text without json\n" + goodLines.get(1) + "\n{\"id\":\"no-text\"}\n\n")
        .getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // invalid UTF-8
    bytes.writeBytes(("{\"id\":\"numeric\",\"text\":5}\n" + goodLines.get(2) + "\r\n   \n" + goodLines.get(3))
        .getBytes(StandardCharsets.UTF_8)); // CRLF, a blank line, no final newline
    Path in = dir.resolve("mixed.jsonl");
    Files.write(in, bytes.toByteArray());
    Path out = dir.resolve("scores.jsonl");

    RescoreRun.Result result = RescoreRun.run(config(List.of(in), out, false), false);

    Map<String, JsonNode> lines = byId(Files.readAllLines(out));
    assertEquals(4, result.errors());
    assertEquals(8, result.lines());
    assertEquals(ParseRescoreRecords.NOT_JSON, lines.get("mixed.jsonl:2").get("error").get("code").asText());
    assertEquals(ParseRescoreRecords.MISSING_TEXT, lines.get("no-text").get("error").get("code").asText());
    assertEquals(ParseRescoreRecords.INVALID_UTF8, lines.get("mixed.jsonl:6").get("error").get("code").asText());
    assertEquals(ParseRescoreRecords.MISSING_TEXT, lines.get("numeric").get("error").get("code").asText());
    assertTrue(lines.get("mixed.jsonl:6").get("error").get("message").asText().contains("mixed.jsonl:6"));
    Map<String, JsonNode> scored = new LinkedHashMap<>(lines);
    scored.keySet().removeIf(id -> lines.get(id).has("error"));
    assertScoresEqual(RescoreFixture.reference(bundle.directory(), good), scored, bundle.modelVersion(), false);
  }
}
