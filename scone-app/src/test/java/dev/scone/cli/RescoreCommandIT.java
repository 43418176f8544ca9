package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.testing.TinyBundles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scone rescore} end to end: a version of the store in, a JSONL file out, the summary printed. */
class RescoreCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void rescoreCommandScoresEveryLineOfTheInputWithTheStoresVersion() throws Exception {
    List<String> texts = List.of("The state of the union is strong.", "We must work together for peace.",
        "Congress will pass the budget this year, and the nation will grow.");
    TinyBundles.Published bundle = TinyBundles.publish(dir.resolve("store"), texts, 20, 1);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) lines.add(JSON.writeValueAsString(Map.of("id", "t" + i, "text", texts.get(i))));
    Files.write(dir.resolve("in.jsonl"), lines);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SconeCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("rescore", "--bundle", "1", "--store", bundle.store().toString(), "--in",
        dir.resolve("in.jsonl").toString(), "--out", dir.resolve("out.jsonl").toString(), "--logprobs", "--no-progress");

    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("rescored 3 documents (0 bad records)"), out.toString());
    List<String> written = Files.readAllLines(dir.resolve("out.jsonl"));
    assertEquals(3, written.size());
    for (String line : written) {
      JsonNode node = JSON.readTree(line);
      assertEquals(node.get("tokens").asInt() - 1, node.get("token_logprobs").size(), line);
      assertEquals(bundle.modelVersion(), node.get("model_version").asText());
    }
    assertTrue(out.toString().contains("recycled: 0 documents"), out.toString());
    assertTrue(Files.isDirectory(bundle.store().resolve("recycle")), "the store's recycle directory by default");

    StringWriter again = new StringWriter();
    cli.setOut(new PrintWriter(again));
    code = cli.execute("rescore", "--bundle", "1", "--store", bundle.store().toString(), "--in",
        dir.resolve("in.jsonl").toString(), "--out", dir.resolve("again.jsonl").toString(), "--logprobs", "--no-progress");
    assertEquals(0, code, err.toString());
    assertTrue(again.toString().contains("3 scores reused"), again.toString());
    assertEquals(written.stream().sorted().toList(),
        Files.readAllLines(dir.resolve("again.jsonl")).stream().sorted().toList(), "a reused score writes the same line");
  }

  @Test
  void offsetsOfTheWrongShapeAreRefusedWithTheOption() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RescoreCommand.offsets("--start-offsets", "0=5,one=2"));
    assertTrue(e.getMessage().contains("--start-offsets") && e.getMessage().contains("one=2"), e.getMessage());
    assertEquals(Map.of(0, 5L, 3, 7L), RescoreCommand.offsets("--end-offsets", "0=5, 3=7"));
  }
}
