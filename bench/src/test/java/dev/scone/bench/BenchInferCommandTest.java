package dev.scone.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.testing.TinyBundles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scone bench infer --bundle}: a published SCONE bundle scored on a corpus's test split. */
class BenchInferCommandTest {

  @TempDir Path store;

  @Test
  void aPublishedSconeBundleIsMeasuredAgainstItsOwnMainModelOnTestDocuments() throws Exception {
    // "on the" and "of the" are f-grams here and frequent in any English test split.
    TinyBundles.publish(store, List.of("one of the men sat on the mat. one of the dogs sat on the log."), 6, 1);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new BenchCommand()).execute(
          "infer", "--bundle", "latest", "--store", store.toString(), "--documents", "1", "--json");
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(0, exit, String.join("\n", lines));
    JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals("infer", result.get("bench").asText());
    assertTrue(result.get("value").asDouble() > 0 && result.get("baseline").asDouble() > 0, result.toString());
    double matched = result.get("positions reading an f-gram row").asDouble();
    assertTrue(matched > 0 && matched < 1, "the bundle's f-grams occur in the test text: " + matched);
    assertEquals(TinyBundles.CONTEXT, result.get("context").asInt());
    assertTrue(result.get("tokens scored per run").asDouble() > 100, result.toString());
  }
}
